package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import io.certworker.issuance.PermanentIssuanceFault;
import static io.certworker.issuance.ca.CaTestKit.GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.OTHER_GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecSettings;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static io.certworker.issuance.ca.CaTestKit.permissions;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA files on disk: owner-only, a generated root made once, and a store that belongs to one root. */
class CaStoreOnDiskTest {
    @TempDir
    Path dir;

    private Issuer issuer(Path root, Path store) {
        return InternalCaIssuer.create(ecSettings(), new RootCaSource.GeneratedIn(root), store, CaTestKit.DIRECT,
                clockAt(NOW));
    }

    @Test
    void privateKeyFilesAreReadableAndWritableByTheirOwnerOnly() {
        Path ca = dir.resolve("ca");
        issue(issuer(ca.resolve("root"), ca.resolve("groups")), "alice");

        assertThat(permissions(ca.resolve("root").resolve("ca.key"))).isEqualTo("rw-------");
        assertThat(permissions(ca.resolve("groups").resolve(GROUP_ID).resolve("ca.key"))).isEqualTo("rw-------");
    }

    @Test
    void theCaDirectoriesAreOpenToTheirOwnerOnly() {
        Path ca = dir.resolve("ca");
        issue(issuer(ca.resolve("root"), ca.resolve("groups")), "alice");

        assertThat(permissions(ca)).isEqualTo("rwx------");
        assertThat(permissions(ca.resolve("root"))).isEqualTo("rwx------");
        assertThat(permissions(ca.resolve("groups"))).isEqualTo("rwx------");
        assertThat(permissions(ca.resolve("groups").resolve(GROUP_ID))).isEqualTo("rwx------");
    }

    @Test
    void theStoredKeysArePkcs8AndNothingIsLeftBehindButTheCaFiles() throws Exception {
        Path ca = dir.resolve("ca");
        issue(issuer(ca.resolve("root"), ca.resolve("groups")), "alice");

        assertThat(CaTestKit.entries(ca)).containsExactly("groups", "root");
        assertThat(CaTestKit.entries(ca.resolve("root"))).containsExactly("ca.key", "ca.pem");
        assertThat(CaTestKit.entries(ca.resolve("groups"))).containsExactly(GROUP_ID);
        assertThat(CaTestKit.entries(ca.resolve("groups").resolve(GROUP_ID))).containsExactly("ca.key", "ca.pem");
        assertThat(Files.readString(ca.resolve("groups").resolve(GROUP_ID).resolve("ca.key")))
                .startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(ca.resolve("root").resolve("ca.key")))
                .startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void aGeneratedRootIsCreatedOnceAndReusedByTheNextIssuer() throws Exception {
        Path root = dir.resolve("root");
        IssuedCertificate first = issue(issuer(root, dir.resolve("groups-1")), "alice");
        String certificateFile = Files.readString(root.resolve("ca.pem"));
        String keyFile = Files.readString(root.resolve("ca.key"));

        IssuedCertificate second = issue(issuer(root, dir.resolve("groups-2")), "alice");

        assertThat(CaTestKit.root(second)).isEqualTo(CaTestKit.root(first));
        assertThat(CaTestKit.certificates(certificateFile)).containsExactly(CaTestKit.root(first));
        assertThat(Files.readString(root.resolve("ca.pem"))).isEqualTo(certificateFile);
        assertThat(Files.readString(root.resolve("ca.key"))).isEqualTo(keyFile);
        // a different store, so a different group CA, but under the same root
        assertThat(CaTestKit.groupCa(second)).isNotEqualTo(CaTestKit.groupCa(first));
        CaTestKit.verifyChain(CaTestKit.leaf(second), List.of(CaTestKit.groupCa(second)),
                CaTestKit.root(first), NOW);
    }

    @Test
    void aGeneratedRootIsNamedAfterTheConfiguredOrganization() {
        IssuedCertificate issued = issue(issuer(dir.resolve("root"), dir.resolve("groups")), "alice");

        assertThat(CaTestKit.root(issued).getSubjectX500Principal().getName())
                .isEqualTo("O=MongoDB Inc,CN=cert-worker root CA");
    }

    @Test
    void aStoredGroupCaNotIssuedByTheConfiguredRootIsRefused() {
        Path store = dir.resolve("groups");
        issue(issuer(dir.resolve("root-a"), store), GROUP_ID, "alice", 3);

        Issuer withOtherRoot = issuer(dir.resolve("root-b"), store);
        var result = withOtherRoot.issue(CaTestKit.order(GROUP_ID, "alice", 3)).toCompletableFuture();

        assertThat(result).failsWithin(30, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(PermanentIssuanceFault.class)
                .withMessageContaining(GROUP_ID)
                .withMessageContaining("not issued by the configured root");
    }

    @Test
    void aRefusedStoredCaIsLeftInPlaceAndOtherGroupsStillWork() throws Exception {
        Path store = dir.resolve("groups");
        IssuedCertificate underA = issue(issuer(dir.resolve("root-a"), store), GROUP_ID, "alice", 3);
        String storedBefore = Files.readString(store.resolve(GROUP_ID).resolve("ca.pem"));
        Issuer withOtherRoot = issuer(dir.resolve("root-b"), store);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThat(withOtherRoot.issue(CaTestKit.order(GROUP_ID, "alice", 3)).toCompletableFuture())
                    .failsWithin(30, TimeUnit.SECONDS);
        }
        IssuedCertificate otherGroup = issue(withOtherRoot, OTHER_GROUP_ID, "alice", 3);

        assertThat(Files.readString(store.resolve(GROUP_ID).resolve("ca.pem"))).isEqualTo(storedBefore);
        assertThat(CaTestKit.root(otherGroup)).isNotEqualTo(CaTestKit.root(underA));
        CaTestKit.verifyChain(otherGroup, NOW);
    }
}
