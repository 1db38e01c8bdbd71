package io.certworker.pipeline;

import io.certworker.handling.Outcome;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per answered request: ids, outcome, error code or serial, duration. Never the certificate's key or
 * PEM: only the fields named here are ever logged.
 */
final class OutcomeLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.certworker.outcomes");

    void answered(Outcome outcome, long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (outcome instanceof Outcome.Issued issued) {
            LOG.info("requestId={} groupId={} username={} outcome=issued serial={} issuer={} durationMs={}",
                    issued.requestId(), issued.groupId(), quoted(issued.username()),
                    issued.certificate().serialNumber(), issued.certificate().issuer(), millis);
        } else {
            Outcome.Refused refused = (Outcome.Refused) outcome;
            LOG.info("requestId={} groupId={} username={} outcome=failed errorCode={} status={} retryable={} durationMs={}",
                    refused.requestId(), refused.groupId(), quoted(refused.username()), refused.error().errorCode(),
                    refused.error().status(), refused.error().retryable(), millis);
        }
    }

    void duplicate(String requestId, String serial) {
        LOG.info("requestId={} outcome=duplicate serial={} (already answered with a certificate; nothing new is minted)",
                requestId, serial);
    }

    void deadLettered(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.warn("topic={} partition={} offset={} outcome=dead-lettered reason={}", record.topic(),
                record.partition(), record.offset(), quoted(reason));
    }

    /** Usernames and reasons come from user input: quote and escape them so that none can forge a log line. */
    static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().limit(200).forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
