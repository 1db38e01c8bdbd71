package io.certworker.pipeline;

import io.certworker.handling.Outcome;
import io.certworker.kafka.MisroutedRecords;
import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/** What the pipeline reports as it goes, for metrics. Called from the poll loop and from crypto threads. */
public interface PipelineObserver {

    /** Records were polled from the requests topic. */
    void consumed(int records);

    /** A request got its outcome after {@code handlingNanos} of handling (not yet published). */
    void answered(Outcome outcome, long handlingNanos);

    /** An outcome was committed; {@code requestTimestampMillis} is the request record's timestamp. */
    void published(Outcome outcome, long requestTimestampMillis);

    /** A record that is not a request was dead-lettered. */
    void deadLettered();

    /** A request already answered with a certificate came again; nothing new was published. */
    void duplicate();

    /** Records being processed now. */
    void inFlight(int records);

    /** How far behind the end of {@code partition} the loop is. */
    void lag(TopicPartition partition, long records);

    /** Partitions no longer owned: their lag is no longer this instance's to report. */
    void released(Collection<TopicPartition> partitions);

    /** A record lay off its key's partition and was moved there. */
    void misrouted(String topic, MisroutedRecords.Pattern pattern);

    PipelineObserver NONE = new PipelineObserver() {
        @Override
        public void consumed(int records) {
        }

        @Override
        public void answered(Outcome outcome, long handlingNanos) {
        }

        @Override
        public void published(Outcome outcome, long requestTimestampMillis) {
        }

        @Override
        public void deadLettered() {
        }

        @Override
        public void duplicate() {
        }

        @Override
        public void inFlight(int records) {
        }

        @Override
        public void lag(TopicPartition partition, long records) {
        }

        @Override
        public void released(Collection<TopicPartition> partitions) {
        }

        @Override
        public void misrouted(String topic, MisroutedRecords.Pattern pattern) {
        }
    };
}
