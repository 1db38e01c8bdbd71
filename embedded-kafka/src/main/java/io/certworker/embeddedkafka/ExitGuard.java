package io.certworker.embeddedkafka;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Kafka's {@link Exit} exit and halt procedures while in-process clusters run, so that a fatal
 * broker error throws (in the broker's thread) instead of terminating the host JVM (a test run, or the
 * worker's {@code dev} command). The procedures are JVM-wide statics of kafka-clients' class
 * {@code org.apache.kafka.common.utils.internals.Exit}; they are reference-counted and restored when the
 * last cluster that installed them has stopped.
 */
final class ExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ExitGuard.class);
    private static int holders;

    private ExitGuard() {
    }

    static synchronized void acquire() {
        if (holders++ == 0) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
    }

    static synchronized void release() {
        if (holders > 0 && --holders == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(String what, int status, String message) {
        String text = "Embedded Kafka broker called " + what + "(" + status + ")"
                + (message == null ? "" : ": " + message) + "; the JVM was kept alive";
        LOG.error(text);
        throw new IllegalStateException(text);
    }
}
