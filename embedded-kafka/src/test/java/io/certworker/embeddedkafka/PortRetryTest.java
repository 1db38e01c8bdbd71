package io.certworker.embeddedkafka;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PortRetryTest {

    @Test
    void aPortTakenBetweenPickingAndBindingIsRetriedWithNewPorts() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder().portSource(count -> {
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                        ports.add(free.getLocalPort());
                    }
                }
                if (attempts.incrementAndGet() == 1) {
                    ports.set(count - 1, taken.getLocalPort()); // the controller port: someone else has it
                }
                return ports;
            });

            try (EmbeddedKafkaCluster kafka = Timing.start("1 node after a bind failure", builder)) {
                assertThat(attempts).hasValue(2);
                Clients.createTopic(kafka.bootstrapServers(), "after-retry", 1, 1);
            }
        }
    }
}
