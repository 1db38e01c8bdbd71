package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.KeyAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate never outlives the CA that signs it. */
class CaExpiryTest {
    @TempDir
    Path dir;

    @Test
    void aCertificateThatWouldOutliveItsProjectCaIsNotMinted() {
        CaSettings shortLived = new CaSettings(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, "cert-worker",
                "cert-worker", Duration.ofDays(40), Duration.ofDays(7300));
        Issuer issuer = InternalCaIssuer.create(shortLived, new RootCaSource.GeneratedIn(dir.resolve("root")),
                dir.resolve("groups"), CaTestKit.DIRECT, clockAt(NOW));

        assertThat(issuer.issue(order("5efda6aea3f2ed2e7dd6ce05", "alice", 1)).toCompletableFuture().join())
                .isInstanceOf(IssuanceResult.Issued.class);
        assertThatThrownBy(() -> issuer.issue(order("5efda6aea3f2ed2e7dd6ce05", "alice", 2)).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasMessageContaining("expires on");
    }
}
