package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.validation.FieldProblem;
import io.certworker.validation.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
    final RequestDecoder decoder = new RequestDecoder();

    @Test
    void aJsonObjectIsARequestWithItsFields() {
        ReceivedRequest request = request("{\"requestId\":\"r-1\",\"groupId\":\"g\",\"username\":\"alice\","
                + "\"monthsUntilExpiration\":12,\"colour\":\"blue\",\"nested\":{\"a\":[1]}}");

        assertThat(request).isEqualTo(ReceivedRequest.of("r-1", "g", "alice", 12));
    }

    @Test
    void withoutARequestIdTheIdIsDerivedFromTopicPartitionAndOffset() {
        assertThat(request("{}").requestId()).isEqualTo("cert-requests-2-41");
    }

    @Test
    void nullFieldsCountAsAbsent() {
        assertThat(request("{\"requestId\":null,\"username\":null,\"monthsUntilExpiration\":null}"))
                .isEqualTo(ReceivedRequest.of("cert-requests-2-41", null, null, null));
    }

    @Test
    void fieldsOfTheWrongJsonTypeBecomeViolations() {
        ReceivedRequest request = request("{\"requestId\":7,\"groupId\":[],\"username\":{\"a\":1},"
                + "\"monthsUntilExpiration\":\"12\"}");

        assertThat(request.requestId()).isEqualTo("cert-requests-2-41");
        assertThat(request.typeProblems()).extracting(FieldProblem::field)
                .containsExactly("requestId", "groupId", "username", "monthsUntilExpiration");
    }

    @Test
    void fractionsAndBooleansAreNotMonths() {
        assertThat(request("{\"monthsUntilExpiration\":2.5}").typeProblems()).extracting(FieldProblem::description)
                .containsExactly("monthsUntilExpiration must be an integer");
        assertThat(request("{\"monthsUntilExpiration\":true}").typeProblems()).hasSize(1);
        assertThat(request("{\"monthsUntilExpiration\":3.0}").typeProblems()).hasSize(1);
    }

    @Test
    void hugeIntegersKeepTheirSignSoTheRangeCheckNamesTheRightBound() {
        assertThat(request("{\"monthsUntilExpiration\":123456789012345678901234567890}").monthsUntilExpiration())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(request("{\"monthsUntilExpiration\":-123456789012345678901234567890}").monthsUntilExpiration())
                .isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void anEmptyOrOverlongRequestIdIsInvalidAndReplacedByTheDerivedOne() {
        for (String requestId : new String[] {"", "r".repeat(256)}) {
            ReceivedRequest request = request("{\"requestId\":\"" + requestId + "\"}");
            assertThat(request.requestId()).isEqualTo("cert-requests-2-41");
            assertThat(request.typeProblems()).extracting(FieldProblem::field).containsExactly("requestId");
        }
    }

    @Test
    void veryLongTextIsCutButStaysTooLongToBeValid() {
        ReceivedRequest request = request("{\"username\":\"" + "u".repeat(100_000) + "\"}");

        assertThat(request.username()).hasSize(RequestDecoder.MAX_TEXT_LENGTH);
    }

    @Test
    void valuesThatAreNotAJsonObjectAreNotRequests() {
        assertThat(reason(null)).isEqualTo("empty value");
        assertThat(reason("")).isEqualTo("empty value");
        assertThat(reason("   ")).isEqualTo("empty value");
        assertThat(reason("[1,2]")).isEqualTo("value is a JSON array, not an object");
        assertThat(reason("\"alice\"")).isEqualTo("value is a JSON string, not an object");
        assertThat(reason("42")).isEqualTo("value is a JSON number, not an object");
        assertThat(reason("null")).isEqualTo("value is a JSON null, not an object");
        assertThat(reason("{\"a\":1")).startsWith("value is not JSON");
        assertThat(reason("{\"a\":1} trailing")).startsWith("value is not JSON");
        assertThat(reason("{\"a\":1,\"a\":2}")).startsWith("value is not JSON").contains("Duplicate field");
        assertThat(reason("certificate please")).startsWith("value is not JSON");
    }

    @Property(tries = 2000)
    void anyBytesAreEitherARequestOrNotARequestAndNeverAnError(@ForAll byte[] value) {
        RequestDecoder.Decoded decoded = decoder.decode(record(value));

        assertThat(decoded).isNotNull();
        if (decoded instanceof RequestDecoder.Request request) {
            assertThat(request.request().requestId()).isNotBlank();
        } else {
            assertThat(((RequestDecoder.NotARequest) decoded).reason()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void anyJsonObjectIsARequest(@ForAll("jsonObjects") String json) {
        assertThat(decoder.decode(record(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RequestDecoder.Request.class);
    }

    @Provide
    Arbitrary<String> jsonObjects() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(RequestDecoderTest::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "{}", "[1,\"a\"]", "{\"x\":{\"y\":null}}"));
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("requestId", "groupId", "username", "monthsUntilExpiration", "schemaVersion"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
        return Arbitraries.maps(names, values).ofMaxSize(6).map(map -> {
            StringBuilder json = new StringBuilder("{");
            map.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(quote(name)).append(':')
                    .append(value));
            return json.append('}').toString();
        });
    }

    private static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ReceivedRequest request(String json) {
        RequestDecoder.Decoded decoded = decoder.decode(record(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(decoded).isInstanceOf(RequestDecoder.Request.class);
        return ((RequestDecoder.Request) decoded).request();
    }

    private String reason(String json) {
        RequestDecoder.Decoded decoded = decoder.decode(record(json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
        assertThat(decoded).isInstanceOf(RequestDecoder.NotARequest.class);
        return ((RequestDecoder.NotARequest) decoded).reason();
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("cert-requests", 2, 41, null, value);
    }
}
