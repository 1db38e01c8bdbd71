package io.certworker.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a worker holds besides its loop, closed in the reverse order of opening; one failure does not stop the rest. */
final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Holds {@code resource} until {@link #close()}; returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            long started = System.nanoTime();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping: {}", e.toString());
            }
            LOG.debug("Closed {} in {} ms", resource, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
