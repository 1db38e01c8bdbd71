package io.certworker.ledger;

import java.time.Instant;

/** Told of every certificate once its issued event and ledger entry are committed. */
public interface PublishedCertificates {
    void published(String requestId, String groupId, String username, String ledgerKey, Instant notAfter);

    PublishedCertificates IGNORED = (requestId, groupId, username, ledgerKey, notAfter) -> { };
}
