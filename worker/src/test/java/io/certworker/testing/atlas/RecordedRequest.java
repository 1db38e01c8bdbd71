package io.certworker.testing.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One HTTP request as {@link FakeAtlas} received it.
 *
 * @param sequence     1 for the fake's first request, then counting up
 * @param method       e.g. {@code POST}
 * @param path         the raw path, still percent-encoded, as on the request line
 * @param query        the raw query string, or null
 * @param groupId      the decoded {@code {groupId}} path segment of a certificate call, else null
 * @param username     the decoded {@code {username}} path segment of a certificate call, else null
 * @param headers      the request headers (names case-insensitive; the JDK server capitalises only the first letter)
 * @param body         the body as UTF-8 text ("" when none)
 * @param receivedAt   when it arrived, on the fake's clock (see {@link FakeAtlas#advanceClock})
 * @param authScheme   {@code Bearer}, {@code Digest} or (token endpoint) {@code Basic} when the credentials were
 *                     accepted, else null
 * @param principal    the client ID or API public key that authenticated, else null
 */
public record RecordedRequest(long sequence, String method, String path, String query, String groupId,
        String username, Map<String, List<String>> headers, String body, Instant receivedAt, String authScheme,
        String principal) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    /** The first value of a header (name case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether the credentials were accepted. */
    public boolean authenticated() {
        return principal != null;
    }

    /** A {@code POST …/databaseUsers/{username}/certs} call. */
    public boolean isCreateCertificate() {
        return "POST".equals(method) && username != null;
    }

    /** The body's {@code monthsUntilExpiration} when it is a JSON integer. */
    public OptionalInt monthsUntilExpiration() {
        try {
            JsonNode months = JSON.readTree(body).get("monthsUntilExpiration");
            return months != null && months.canConvertToInt() && months.isIntegralNumber()
                    ? OptionalInt.of(months.intValue()) : OptionalInt.empty();
        } catch (Exception notJson) {
            return OptionalInt.empty();
        }
    }
}
