package io.certworker.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT. Handling them ourselves (rather than in a shutdown hook) lets the worker finish its
 * in-flight work, close its clients and exit 0 after a requested stop.
 */
final class Signals {
    private final CountDownLatch received = new CountDownLatch(1);

    Signals() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> received.countDown());
        }
    }

    /** Blocks until a stop signal arrives or {@code stopped} reports that the work ended by itself. */
    void awaitStop(BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean() && !received.await(200, TimeUnit.MILLISECONDS)) {
            // keep waiting
        }
    }
}
