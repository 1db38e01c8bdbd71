package io.certworker.kafka;

import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a producer's transaction through a broker outage. A commit or abort that times out (no broker answered within
 * {@code max.block.ms}) leaves the producer waiting for that same call to be made again: Kafka refuses any other
 * transactional call until it is, so a worker that tried to abort after a timed-out commit, or to begin the next
 * transaction, would be stuck for good. These retry the timed-out call for as long as the caller wants to go on.
 */
public final class TransactionEnd {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionEnd.class);

    private TransactionEnd() {
    }

    /** Commits, repeating the commit while it times out and {@code keepTrying} says so; then rethrows the timeout. */
    public static void commit(Producer<?, ?> producer, BooleanSupplier keepTrying) {
        repeatWhileTimingOut(producer::commitTransaction, "Committing", keepTrying);
    }

    /** Aborts, repeating the abort while it times out and {@code keepTrying} says so; then rethrows the timeout. */
    public static void abort(Producer<?, ?> producer, BooleanSupplier keepTrying) {
        repeatWhileTimingOut(producer::abortTransaction, "Aborting", keepTrying);
    }

    private static void repeatWhileTimingOut(Runnable call, String doing, BooleanSupplier keepTrying) {
        while (true) {
            try {
                call.run();
                return;
            } catch (TimeoutException e) {
                if (!keepTrying.getAsBoolean()) {
                    throw e;
                }
                LOG.warn("{} a transaction timed out; trying again: {}", doing, e.getMessage());
            }
        }
    }
}
