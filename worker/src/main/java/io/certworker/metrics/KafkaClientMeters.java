package io.certworker.metrics;

import io.certworker.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Kafka's own client metrics ({@code kafka_consumer_*}, {@code kafka_producer_*}, {@code kafka_admin_client_*}) for
 * every client an observed {@link KafkaClients} creates, tagged with the client's {@code role}. One scheduler refreshes
 * them all. Closing it removes every meter and stops the scheduler.
 */
public final class KafkaClientMeters implements KafkaClients.Listener, MeterBinder, AutoCloseable {
    private final List<KafkaClientMetrics> bound = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kafka-client-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry to) {
        this.registry = to;
    }

    @Override
    public void created(String role, Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer, Tags.of("role", role), refresher));
    }

    @Override
    public void created(String role, Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, Tags.of("role", role), refresher));
    }

    @Override
    public void created(String role, Admin admin) {
        if (admin instanceof AdminClient client) {
            bind(new KafkaClientMetrics(client, Tags.of("role", role), refresher));
        }
    }

    /** Clients whose metrics are bound. */
    int clients() {
        return bound.size();
    }

    @Override
    public void close() {
        bound.forEach(KafkaClientMetrics::close);
        bound.clear();
        refresher.shutdownNow();
    }

    private void bind(KafkaClientMetrics metrics) {
        MeterRegistry to = registry;
        if (to == null) {
            throw new IllegalStateException("bind the Kafka client meters to a registry before creating clients");
        }
        metrics.bindTo(to);
        bound.add(metrics);
    }
}
