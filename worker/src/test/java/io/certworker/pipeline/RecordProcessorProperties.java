package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.X509Type;
import io.certworker.directory.UserLookup;
import io.certworker.handling.CertificateRequestHandler;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.kafka.KeyPartitions;
import io.certworker.ledger.LedgerRecords;
import io.certworker.ledger.PublishedCertificates;
import io.certworker.requeststate.KafkaMintJournal;
import io.certworker.requeststate.RequestGuard;
import io.certworker.requeststate.RequestStateRecords;
import io.certworker.topics.TopicNames;
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

    /** The requests topic's partitions: records come from all of them, keyed or not, on their key's partition or off it. */
    static final int PARTITIONS = 6;
    static final RequestStateRecords STATE_RECORDS = new RequestStateRecords(TOPICS.requestsState());
    static final RequestGuard GUARD = new RequestGuard(Duration.ofDays(7), Clock.systemUTC());
    static final KafkaMintJournal JOURNAL = new KafkaMintJournal(STATE_RECORDS, 6, producer(), null,
            Clock.systemUTC());
    static final CommitListener EFFECTS = new PublishedEffects(GUARD, JOURNAL, PublishedCertificates.IGNORED,
            PipelineObserver.NONE);

    static final RecordProcessor PROCESSOR = new RecordProcessor(new RequestDecoder(),
            new CertificateRequestHandler(new RequestValidator(), (groupId, username) ->
                    CompletableFuture.completedFuture(GROUP.equals(groupId)
                            ? username.startsWith("m") ? new UserLookup.Found(DatabaseUser.of(groupId, username,
                            "$external", X509Type.MANAGED)) : new UserLookup.UnknownUser()
                            : new UserLookup.UnknownGroup()),
                    order -> CompletableFuture.completedFuture(new IssuanceResult.Issued(new IssuedCertificate(
                            BigInteger.valueOf(OFFSETS.get() + 1), "CN=" + order.username(), Instant.EPOCH,
                            Instant.EPOCH, Instant.EPOCH, "test", "-----BEGIN CERTIFICATE-----\n", null)))),
            GUARD, JOURNAL, STATE_RECORDS, new OutcomeRecords(TOPICS), new LedgerRecords(TOPICS.ledger()),
            new DeadLetters(TOPICS.deadLetters()), new OutcomeLog(), PipelineObserver.NONE, PARTITIONS,
            Clock.systemUTC());

    @Property(tries = 10_000)
    void everyRecordIsAnsweredOnceAndNothingThrows(@ForAll("records") ConsumerRecord<byte[], byte[]> record)
            throws Exception {
        RecordAnswer answer = PROCESSOR.process(record).get(5, TimeUnit.SECONDS);
        EFFECTS.committed(answer);

        List<String> topics = answer.records().stream().map(ProducerRecord::topic).toList();
        if (record.key() != null && KeyPartitions.of(record.key(), PARTITIONS) != record.partition()) {
            // Off its key's partition: moved there, untouched, to be answered there.
            assertThat(topics).containsExactly(TOPICS.requests());
            ProducerRecord<byte[], byte[]> forwarded = answer.records().get(0);
            assertThat(forwarded.partition()).isEqualTo(KeyPartitions.of(record.key(), PARTITIONS));
            assertThat(forwarded.key()).isEqualTo(record.key());
            assertThat(forwarded.value()).isEqualTo(record.value());
            assertThat(answer.settlement()).isNull();
        } else if (topics.equals(List.of(TOPICS.requestsState()))) {
            // Nothing but its state again only for a request whose requestId was already answered with a certificate.
            RequestDecoder.Decoded decoded = new RequestDecoder().decode(record);
            assertThat(decoded).isInstanceOf(RequestDecoder.Request.class);
            assertThat(ISSUED).contains(((RequestDecoder.Request) decoded).request().requestId());
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
        // Mostly on the key's partition, as a Java producer puts them; now and then anywhere.
        Arbitrary<Boolean> misrouted = Arbitraries.integers().between(0, 9).map(roll -> roll == 0);
        return Combinators.combine(keys, values, headers, Arbitraries.integers().between(0, PARTITIONS - 1), misrouted)
                .as((key, value, recordHeaders, anywhere, off) -> new ConsumerRecord<>(TOPICS.requests(),
                        key == null || off ? anywhere : KeyPartitions.of(key, PARTITIONS),
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

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterContainer
    static void close() {
        JOURNAL.close();
    }
}
