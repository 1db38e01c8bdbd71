package io.certworker.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.EventCodec;
import io.certworker.revocation.ReceivedRevocation;
import io.certworker.validation.FieldProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a revocation record's value leniently, as {@link RequestDecoder} reads requests: any JSON object is a
 * revocation request, a field of the wrong JSON type is a field problem, and only values that are not a JSON object
 * at all are dead letters. Text is cut at {@link RequestDecoder#MAX_TEXT_LENGTH} before anything else sees it, so a
 * huge field can never make the error event too large to publish.
 */
final class RevocationDecoder {
    private final ObjectMapper mapper = EventCodec.instance().mapper();

    sealed interface Decoded {
    }

    record Revocation(ReceivedRevocation revocation) implements Decoded {
    }

    record NotARevocation(String reason) implements Decoded {
    }

    Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return new NotARevocation("empty value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            return new NotARevocation("value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new NotARevocation("value is not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new NotARevocation("empty value");
        }
        if (!root.isObject()) {
            return new NotARevocation("value is a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String requestId = text(root, "requestId", problems);
        if (requestId != null && (requestId.isEmpty() || requestId.length() > RequestDecoder.MAX_REQUEST_ID_LENGTH)) {
            problems.add(FieldProblem.invalid("requestId",
                    "requestId must be 1 to " + RequestDecoder.MAX_REQUEST_ID_LENGTH + " characters"));
            requestId = null;
        }
        return new Revocation(new ReceivedRevocation(
                requestId != null ? requestId : RequestDecoder.derivedRequestId(record),
                text(root, "groupId", problems),
                text(root, "username", problems),
                text(root, "serialNumber", problems),
                text(root, "reason", problems),
                problems));
    }

    private static String text(JsonNode root, String field, List<FieldProblem> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(FieldProblem.invalid(field, field + " must be a string"));
            return null;
        }
        String text = node.textValue();
        return text.length() > RequestDecoder.MAX_TEXT_LENGTH ? text.substring(0, RequestDecoder.MAX_TEXT_LENGTH)
                : text;
    }
}
