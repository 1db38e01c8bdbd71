package io.certworker.pipeline;

import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.topics.TopicNames;
import io.certworker.handling.Outcome;
import io.certworker.issuance.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Turns an {@link Outcome} into the event record it is published as. */
final class OutcomeRecords {
    static final int MAX_ECHOED_KEY_BYTES = 4096;
    static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");
    private final TopicNames topics;
    private final EventCodec codec = EventCodec.instance();

    OutcomeRecords(TopicNames topics) {
        this.topics = topics;
    }

    ProducerRecord<byte[], byte[]> of(Outcome outcome, ConsumerRecord<byte[], byte[]> request) {
        byte[] key = key(outcome, request);
        Headers headers = traceContext(request);
        if (outcome instanceof Outcome.Issued issued) {
            return new ProducerRecord<>(topics.issued(), null, null, key, codec.encode(issuedEvent(issued)), headers);
        }
        return new ProducerRecord<>(topics.failed(), null, null, key,
                codec.encode(failedEvent((Outcome.Refused) outcome)), headers);
    }

    /** The request's W3C trace context ({@code traceparent}, {@code tracestate}), carried to its outcome. */
    private static Headers traceContext(ConsumerRecord<byte[], byte[]> request) {
        RecordHeaders headers = new RecordHeaders();
        for (String name : TRACE_HEADERS) {
            Header header = request.headers().lastHeader(name);
            if (header != null) {
                headers.add(name, header.value());
            }
        }
        return headers;
    }

    static CertificateIssued issuedEvent(Outcome.Issued issued) {
        IssuedCertificate certificate = issued.certificate();
        return new CertificateIssued(SchemaVersion.CURRENT, issued.requestId(), issued.groupId(), issued.username(),
                certificate.serialNumber().toString(), certificate.subject(), certificate.notBefore(),
                certificate.notAfter(), certificate.createdAt(), certificate.issuer(), certificate.pem(),
                certificate.caCertificatePem(), issued.renewalOf());
    }

    static CertificateFailed failedEvent(Outcome.Refused refused) {
        return refused.error().toFailedEvent(refused.requestId(), refused.groupId(), refused.username());
    }

    /**
     * {@code groupId/username} when the request had both; otherwise the request's own key, unless that is so large
     * that the event could no longer be published.
     */
    private static byte[] key(Outcome outcome, ConsumerRecord<byte[], byte[]> request) {
        if (outcome.groupId() != null && outcome.username() != null) {
            return Topics.key(outcome.groupId(), outcome.username()).getBytes(StandardCharsets.UTF_8);
        }
        byte[] original = request.key();
        return original != null && original.length > MAX_ECHOED_KEY_BYTES ? null : original;
    }
}
