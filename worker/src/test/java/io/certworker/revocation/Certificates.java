package io.certworker.revocation;

import io.certworker.contracts.RevocationReason;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

/** Certificate records for tests. */
final class Certificates {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final Instant NOW = Instant.parse("2026-11-22T16:20:26Z");

    private Certificates() {
    }

    static CertificateRecord issued(long serial, Instant createdAt, Duration lifetime) {
        return new CertificateRecord(GROUP, "alice", BigInteger.valueOf(serial), createdAt, createdAt.plus(lifetime),
                "CN=alice", CertificateRecord.INTERNAL_CA, null, null, null);
    }

    static CertificateRecord issued(long serial) {
        return issued(serial, NOW.minus(Duration.ofDays(10)), Duration.ofDays(90));
    }

    static CertificateRecord revoked(long serial, Instant at) {
        return issued(serial).revoke(at, RevocationReason.KEY_COMPROMISE);
    }

    static CertificateRecord byAtlas(long serial) {
        CertificateRecord internal = issued(serial);
        return new CertificateRecord(internal.groupId(), internal.username(), internal.serial(), internal.createdAt(),
                internal.notAfter(), internal.subject(), "atlas", null, null, null);
    }
}
