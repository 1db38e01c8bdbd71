package io.certworker.revocation;

import static io.certworker.revocation.Certificates.GROUP;
import static io.certworker.revocation.Certificates.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.SchemaVersion;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CertificateTableTest {
    final CertificateTable table = new CertificateTable("internal-ca");

    @Test
    void ledgerEntriesAreFoundByUserAndSerialAndTheirUsernameMayHoldSlashes() {
        LedgerEntry entry = new LedgerEntry(SchemaVersion.CURRENT, BigInteger.TEN, NOW, GROUP, NOW.plusSeconds(60),
                "CN=a/b");

        table.apply(GROUP + "/a/b/10", entry);

        assertThat(table.find(GROUP, "a/b", BigInteger.TEN)).hasValueSatisfying(found -> {
            assertThat(found.username()).isEqualTo("a/b");
            assertThat(found.issuer()).as("entries that do not say are the configured issuer's")
                    .isEqualTo("internal-ca");
        });
        assertThat(table.find(GROUP, BigInteger.TEN)).isPresent();
        assertThat(table.knowsGroup(GROUP)).isTrue();
        table.apply(GROUP + "/a/b/10", null);
        assertThat(table.find(GROUP, "a/b", BigInteger.TEN)).isEmpty();
        assertThat(table.knowsGroup(GROUP)).isFalse();
    }

    @Test
    void revokedCertificatesAreKeptInSerialOrderAndEachChangeMakesANewRevision() {
        table.put(Certificates.issued(30));
        long before = table.revision(GROUP);
        table.put(Certificates.revoked(30, NOW));
        table.put(Certificates.revoked(5, NOW));
        table.put(Certificates.issued(8));

        CertificateTable.RevokedSnapshot snapshot = table.revoked(GROUP);
        assertThat(snapshot.certificates()).extracting(CertificateRecord::serial)
                .containsExactly(BigInteger.valueOf(5), BigInteger.valueOf(30));
        assertThat(snapshot.revision()).isEqualTo(before + 2);
        table.put(Certificates.revoked(5, NOW));
        assertThat(table.revision(GROUP)).as("the same revocation again changes nothing").isEqualTo(before + 2);
    }

    @Test
    void anEntryReadLateNeverUnrevokesACertificate() {
        table.put(Certificates.revoked(7, NOW));
        table.apply(Certificates.issued(7).ledgerKey(), Certificates.issued(7).toLedgerEntry());

        assertThat(table.find(GROUP, "alice", BigInteger.valueOf(7))).hasValueSatisfying(found ->
                assertThat(found.revoked()).isTrue());
    }
}
