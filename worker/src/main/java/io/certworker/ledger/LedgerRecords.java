package io.certworker.ledger;

import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.issuance.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The ledger record of an issued certificate: Atlas's UserCert fields, key {@code groupId/username/serial}. */
public final class LedgerRecords {
    private final String topic;

    public LedgerRecords(String topic) {
        this.topic = topic;
    }

    public ProducerRecord<byte[], byte[]> of(String groupId, String username, IssuedCertificate certificate) {
        LedgerEntry entry = new LedgerEntry(SchemaVersion.CURRENT, certificate.serialNumber(), certificate.createdAt(),
                groupId, certificate.notAfter(), certificate.subject());
        return new ProducerRecord<>(topic, Topics.ledgerKey(groupId, username, certificate.serialNumber())
                .getBytes(StandardCharsets.UTF_8), EventCodec.instance().encode(entry));
    }

    public String topic() {
        return topic;
    }
}
