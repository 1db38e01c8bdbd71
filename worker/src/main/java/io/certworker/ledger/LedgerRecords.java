package io.certworker.ledger;

import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.issuance.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ledger records of a certificate: Atlas's UserCert fields and what issued it, key {@code groupId/username/serial};
 * written again, marked revoked, when it is revoked.
 */
public final class LedgerRecords {
    private final String topic;

    public LedgerRecords(String topic) {
        this.topic = topic;
    }

    public ProducerRecord<byte[], byte[]> of(String groupId, String username, IssuedCertificate certificate) {
        return of(groupId, username, certificate, null);
    }

    /** The entry of a certificate that renews the certificate {@code renewalOf} (null when it renews none). */
    public ProducerRecord<byte[], byte[]> of(String groupId, String username, IssuedCertificate certificate,
                                             String renewalOf) {
        LedgerEntry entry = new LedgerEntry(SchemaVersion.CURRENT, certificate.serialNumber(), certificate.createdAt(),
                groupId, certificate.notAfter(), certificate.subject(), certificate.issuer(), null, null, renewalOf);
        return of(Topics.ledgerKey(groupId, username, certificate.serialNumber()), entry);
    }

    /** The record of an entry written again (a revocation), under its key. */
    public ProducerRecord<byte[], byte[]> of(String ledgerKey, LedgerEntry entry) {
        return new ProducerRecord<>(topic, ledgerKey.getBytes(StandardCharsets.UTF_8),
                EventCodec.instance().encode(entry));
    }

    public String topic() {
        return topic;
    }
}
