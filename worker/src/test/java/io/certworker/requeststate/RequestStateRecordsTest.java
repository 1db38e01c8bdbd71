package io.certworker.requeststate;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.RequestState;
import io.certworker.testing.EventSchemas;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The state topic's records: what the worker writes validates against the contract's schema and reads back. */
class RequestStateRecordsTest {
    private static final Instant AT = Instant.parse("2026-11-22T17:20:26Z");
    private final RequestStateRecords records = new RequestStateRecords("cert-requests-state");

    @Test
    void anAnsweredStateIsKeyedByRequestIdInItsPartitionAndFollowsTheSchema() {
        ProducerRecord<byte[], byte[]> record = records.answered(4, "r-1", "5efda6aea3f2ed2e7dd6ce05", "alice",
                new BigInteger("18446744073709551615"), "internal-ca", AT);

        assertThat(record.partition()).isEqualTo(4);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("r-1");
        assertThat(EventSchemas.violations(EventSchemas.REQUEST_STATE, record.value())).isEmpty();
        RequestState read = records.read(consumed(record)).orElseThrow();
        assertThat(read.state()).isEqualTo(RequestState.State.ANSWERED);
        assertThat(read.serialNumber()).isEqualTo("18446744073709551615");
        assertThat(read.answeredAt()).isEqualTo(AT);
    }

    @Test
    void anAnsweredStateWrittenAgainForADuplicateNamesNoUserAndStillFollowsTheSchema() {
        ProducerRecord<byte[], byte[]> record = records.answered(0, "r-1", null, null, BigInteger.TEN, null, AT);

        assertThat(EventSchemas.violations(EventSchemas.REQUEST_STATE, record.value())).isEmpty();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("groupId", "username");
    }

    @Test
    void aDraftFollowsTheSchemaAndATombstoneHasNoValue() {
        ProducerRecord<byte[], byte[]> draft = records.minting(1, "r-1", "5efda6aea3f2ed2e7dd6ce05", "alice",
                "internal-ca", AT, "d3JhcHBlZA==", "4f2a9c1d");
        ProducerRecord<byte[], byte[]> tombstone = records.tombstone(1, "r-1");

        assertThat(EventSchemas.violations(EventSchemas.REQUEST_STATE, draft.value())).isEmpty();
        assertThat(records.read(consumed(draft)).orElseThrow().wrappedSecret()).isEqualTo("d3JhcHBlZA==");
        assertThat(tombstone.value()).isNull();
        assertThat(records.read(consumed(tombstone))).isEmpty();
    }

    @Test
    void aValueThatIsNotAStateReadsAsNothing() {
        ConsumerRecord<byte[], byte[]> garbage = new ConsumerRecord<>("cert-requests-state", 0, 0,
                "r-1".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));

        assertThat(records.read(garbage)).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> record) {
        return new ConsumerRecord<>(record.topic(), record.partition(), 0, record.key(), record.value());
    }
}
