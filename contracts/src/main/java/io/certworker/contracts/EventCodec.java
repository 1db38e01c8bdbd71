package io.certworker.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns the events of this module into the UTF-8 JSON that travels on Kafka, and back.
 *
 * <p>Writing: times as ISO-8601 UTC ({@code 2026-11-22T16:20:26Z}), absent fields left out. Reading: unknown fields
 * ignored; trailing content, duplicate fields and values of the wrong JSON type refused; an unknown enum value read as
 * absent. A Java producer needs nothing else: encode an event and
 * send the bytes with Kafka's {@code ByteArraySerializer}. Instances are immutable and thread-safe.
 */
public final class EventCodec {
    private static final EventCodec INSTANCE = new EventCodec();

    private final ObjectMapper mapper;

    private EventCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // A field of the wrong JSON type is an error, not something to guess at: "12" is not 12, 3.7 is not 3.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // An x509Type this version does not know reads as absent (so as NONE) rather than failing.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .build();
    }

    /** The shared codec. */
    public static EventCodec instance() {
        return INSTANCE;
    }

    /** The event as compact UTF-8 JSON. */
    public byte[] encode(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** The event as JSON text, indented when {@code pretty}. */
    public String toJson(Object event, boolean pretty) {
        try {
            return pretty
                    ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(event)
                    : mapper.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads one event of the given type.
     *
     * @throws IllegalArgumentException when the bytes are not JSON or do not fit the type
     */
    public <T> T decode(byte[] json, Class<T> type) {
        try {
            T event = mapper.readValue(json, type);
            if (event == null) {
                throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": JSON null");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configured mapper, for adapters that need to read JSON trees with the same rules. */
    public ObjectMapper mapper() {
        return mapper.copy();
    }
}
