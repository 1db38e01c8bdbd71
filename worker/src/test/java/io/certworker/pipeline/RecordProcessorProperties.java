package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.X509Type;
import io.certworker.directory.UserLookup;
import io.certworker.handling.CertificateRequestHandler;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.validation.RequestValidator;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Whatever a record holds (any key, any headers, any value: garbage, JSON of any shape, valid requests), processing
 * it completes normally and promptly with exactly one thing to publish: a dead letter, or an outcome (plus its state
 * record). Runs the real decoder, validator, handler and processor; only the user directory and the issuer answer from
 * memory, so that 10,000 cases take seconds.
 */
class RecordProcessorProperties {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final TopicNames TOPICS = TopicNames.defaults();
    static final AtomicLong OFFSETS = new AtomicLong();
    static final java.util.Set<String> ISSUED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final RequestStates STATES = new RequestStates(TOPICS.requestsState(), RecordProcessorProperties::noReader,
            RecordProcessorProperties::noReader, transactional(), null, Duration.ofSeconds(1), Duration.ofDays(7),
            Clock.systemUTC());

    static final RecordProcessor PROCESSOR = new RecordProcessor(new RequestDecoder(),
            new CertificateRequestHandler(new RequestValidator(), (groupId, username) ->
                    CompletableFuture.completedFuture(GROUP.equals(groupId)
                            ? username.startsWith("m") ? new UserLookup.Found(DatabaseUser.of(groupId, username,
                            "$external", X509Type.MANAGED)) : new UserLookup.UnknownUser()
                            : new UserLookup.UnknownGroup()),
                    order -> CompletableFuture.completedFuture(new IssuanceResult.Issued(new IssuedCertificate(
                            BigInteger.valueOf(OFFSETS.get() + 1), "CN=" + order.username(), Instant.EPOCH,
                            Instant.EPOCH, Instant.EPOCH, "test", "-----BEGIN CERTIFICATE-----\n", null)))),
            STATES, new OutcomeRecords(TOPICS), new io.certworker.ledger.LedgerRecords(TOPICS.ledger()),
            io.certworker.ledger.PublishedCertificates.IGNORED, new DeadLetters(TOPICS.deadLetters()), new OutcomeLog(),
            PipelineObserver.NONE);

    private static Consumer<byte[], byte[]> noReader() {
        throw new IllegalStateException("not read in this test");
    }

    @Property(tries = 10_000)
    void everyRecordIsAnsweredOnceAndNothingThrows(@ForAll("records") ConsumerRecord<byte[], byte[]> record)
            throws Exception {
        RecordAnswer answer = PROCESSOR.process(record).get(5, TimeUnit.SECONDS);
        answer.onPublished().run();

        List<String> topics = answer.records().stream().map(ProducerRecord::topic).toList();
        if (topics.equals(List.of(TOPICS.requestsState()))) {
            // No new outcome only for a request whose requestId was already answered with a certificate: its answered
            // state again, beside it.
            RequestDecoder.Decoded decoded = new RequestDecoder().decode(record);
            assertThat(decoded).isInstanceOf(RequestDecoder.Request.class);
            String requestId = ((RequestDecoder.Request) decoded).request().requestId();
            assertThat(ISSUED).contains(requestId);
            ProducerRecord<byte[], byte[]> state = answer.records().get(0);
            assertThat(state.partition()).isEqualTo(record.partition());
            assertThat(new String(state.key(), StandardCharsets.UTF_8)).isEqualTo(requestId);
            assertThat(new String(state.value(), StandardCharsets.UTF_8))
                    .contains("\"state\":\"answered\"", "\"answeredAt\":");
        } else if (topics.contains(TOPICS.deadLetters())) {
            assertThat(topics).containsExactly(TOPICS.deadLetters());
        } else {
            assertThat(topics.get(0)).isIn(TOPICS.issued(), TOPICS.failed());
            if (topics.get(0).equals(TOPICS.issued())) {
                assertThat(topics).containsExactly(TOPICS.issued(), TOPICS.ledger(), TOPICS.requestsState());
                assertThat(answer.records().get(2).partition()).isEqualTo(record.partition());
            } else {
                assertThat(topics).hasSizeBetween(1, 2);
            }
            if (topics.get(0).equals(TOPICS.issued())) {
                ISSUED.add(TopicCollectorFields.requestId(answer.records().get(0).value()));
            }
        }
    }

    @Provide
    Arbitrary<ConsumerRecord<byte[], byte[]>> records() {
        Arbitrary<byte[]> keys = Arbitraries.oneOf(
                Arbitraries.just((byte[]) null),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.strings().ofMaxLength(40).map(text -> text.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<byte[]> values = Arbitraries.oneOf(
                Arbitraries.just((byte[]) null),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(200).map(text -> text.getBytes(StandardCharsets.UTF_8)),
                jsonValues().map(text -> text.getBytes(StandardCharsets.UTF_8)),
                requests().map(text -> text.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<RecordHeaders> headers = Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(3).map(names -> {
            RecordHeaders recordHeaders = new RecordHeaders();
            names.forEach(name -> recordHeaders.add(new RecordHeader(name, name.getBytes(StandardCharsets.UTF_8))));
            return recordHeaders;
        });
        return Combinators.combine(keys, values, headers, Arbitraries.integers().between(0, 5))
                .as((key, value, recordHeaders, partition) -> new ConsumerRecord<>(TOPICS.requests(), partition,
                        OFFSETS.incrementAndGet(), 0L, TimestampType.CREATE_TIME, -1, -1, key, value, recordHeaders,
                        Optional.empty()));
    }

    /** Request-shaped objects: the known fields with values of every JSON type, plus unknown fields. */
    private Arbitrary<String> requests() {
        Arbitrary<String> anything = jsonValues();
        Arbitrary<String> groupIds = Arbitraries.oneOf(Arbitraries.just("\"" + GROUP + "\""),
                Arbitraries.strings().withCharRange('a', 'f').numeric().ofLength(24).map(RecordProcessorProperties::quote),
                anything);
        Arbitrary<String> usernames = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(30).map(RecordProcessorProperties::quote),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(name -> quote("m" + name)), anything);
        Arbitrary<String> months = Arbitraries.oneOf(Arbitraries.integers().between(-5, 40).map(String::valueOf),
                anything);
        Arbitrary<String> requestIds = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(RecordProcessorProperties::quote),
                anything);
        return Combinators.combine(requestIds, groupIds, usernames, months, anything).as(
                (requestId, groupId, username, month, extra) -> "{\"requestId\":" + requestId + ",\"groupId\":"
                        + groupId + ",\"username\":" + username + ",\"monthsUntilExpiration\":" + month
                        + ",\"extra\":" + extra + "}");
    }

    private Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(RecordProcessorProperties::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(BigInteger::toString),
                Arbitraries.of("true", "false", "null", "[]", "{}", "[1,\"a\",null]", "{\"x\":{\"y\":[]}}"));
    }

    /** Reads the requestId of an event's JSON value. */
    static final class TopicCollectorFields {
        static String requestId(byte[] value) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(value).path("requestId").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockProducer<byte[], byte[]> transactional() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    @AfterContainer
    static void close() {
        STATES.close();
    }
}
