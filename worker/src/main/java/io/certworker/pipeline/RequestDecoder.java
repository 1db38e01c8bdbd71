package io.certworker.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.EventCodec;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.validation.FieldProblem;
import io.certworker.validation.ReceivedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a request record's value leniently: any JSON object is a request, and a field of the wrong JSON type becomes
 * a field violation reported with the request's other problems. Only values that are not a JSON object at all (not
 * JSON, an array, a string, empty) are not requests.
 */
final class RequestDecoder {
    static final int MAX_REQUEST_ID_LENGTH = 255;
    /**
     * Longer text is cut here before anything else sees it: every valid value is shorter, so a cut value is still
     * refused, but it can no longer make an error event too large to publish.
     */
    static final int MAX_TEXT_LENGTH = 1025;
    /** A CSR is longer than any other field (about 1.7 KB for RSA-4096); longer than this it is not one. */
    static final int MAX_CSR_LENGTH = 16_384;
    private final ObjectMapper mapper = EventCodec.instance().mapper();

    /** What a record turned out to be. */
    sealed interface Decoded {
    }

    record Request(ReceivedRequest request) implements Decoded {
    }

    record NotARequest(String reason) implements Decoded {
    }

    Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return new NotARequest("empty value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            return new NotARequest("value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new NotARequest("value is not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new NotARequest("empty value");
        }
        if (!root.isObject()) {
            return new NotARequest("value is a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object");
        }
        List<FieldProblem> violations = new ArrayList<>();
        String requestId = requestId(root, violations);
        return new Request(new ReceivedRequest(
                requestId != null ? requestId : derivedRequestId(record),
                text(root, "groupId", violations),
                text(root, "username", violations),
                integer(root, "monthsUntilExpiration", violations),
                text(root, "csr", violations, MAX_CSR_LENGTH),
                violations,
                record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : null,
                text(root, "renewalOf", violations)));
    }

    /**
     * A stable id for a request that carries none: the same record always gets the same id; a copy moved to its key's
     * partition keeps the id of where its producer put it.
     */
    static String derivedRequestId(ConsumerRecord<byte[], byte[]> record) {
        String forwardedFrom = MisroutedRecords.forwardedFrom(record);
        return forwardedFrom != null ? forwardedFrom : record.topic() + "-" + record.partition() + "-" + record.offset();
    }

    private static String requestId(JsonNode root, List<FieldProblem> violations) {
        String requestId = text(root, "requestId", violations);
        if (requestId != null && (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH)) {
            violations.add(FieldProblem.invalid("requestId",
                    "requestId must be 1 to " + MAX_REQUEST_ID_LENGTH + " characters"));
            return null;
        }
        return requestId;
    }

    private static String text(JsonNode root, String field, List<FieldProblem> violations) {
        return text(root, field, violations, MAX_TEXT_LENGTH);
    }

    private static String text(JsonNode root, String field, List<FieldProblem> violations, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            violations.add(FieldProblem.invalid(field, field + " must be a string"));
            return null;
        }
        String text = node.textValue();
        return text.length() > maxLength ? text.substring(0, maxLength) : text;
    }

    private static Integer integer(JsonNode root, String field, List<FieldProblem> violations) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            violations.add(FieldProblem.invalid(field, field + " must be an integer"));
            return null;
        }
        if (!node.canConvertToInt()) {
            // A huge integer is still an integer: keep its sign so the range check names the right bound.
            return node.bigIntegerValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        return node.intValue();
    }
}
