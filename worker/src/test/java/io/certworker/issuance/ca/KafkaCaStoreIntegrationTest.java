package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import io.certworker.issuance.PermanentIssuanceFault;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.MintJournal;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TopicProvisioner;
import io.certworker.secrets.KeyEncryptionKey;
import io.certworker.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-project CAs kept in Kafka: every instance ends up with the same CA, the first one written. */
class KafkaCaStoreIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path dir;

    final KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()));
    final String topic = "ca-store-" + UUID.randomUUID();
    final KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64());

    @Test
    void instancesRacingToCreateAProjectCaAllEndUpWithTheFirstOne() throws Exception {
        createTopic();
        List<GroupCaStore> stores = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<IssuedCertificate>> issued = new ArrayList<>();
            for (int instance = 0; instance < 4; instance++) {
                GroupCaStore store = store(kek);
                stores.add(store);
                Issuer issuer = issuer(store);
                issued.add(CompletableFuture.supplyAsync(() -> issue(issuer, "user"), threads));
            }
            List<String> groupCas = issued.stream().map(CompletableFuture::join)
                    .map(certificate -> CaTestKit.certificates(certificate.caCertificatePem()).get(0).toString()).toList();

            assertThat(groupCas).hasSize(4).containsOnly(groupCas.get(0));
            GroupCaStore later = store(kek);
            stores.add(later);
            assertThat(CaTestKit.certificates(issue(issuer(later), "late").caCertificatePem()).get(0).toString())
                    .isEqualTo(groupCas.get(0));
        } finally {
            threads.shutdownNow();
            for (GroupCaStore store : stores) {
                ((AutoCloseable) store).close();
            }
        }
    }

    @Test
    void aStoreWithAnotherKeyEncryptionKeySaysSoInsteadOfMakingAnotherCa() throws Exception {
        createTopic();
        GroupCaStore first = store(kek);
        issue(issuer(first), "alice");
        ((AutoCloseable) first).close();

        KeyEncryptionKey other = KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64());
        GroupCaStore second = store(other);
        try {
            assertThatThrownBy(() -> second.load(GROUP)).isInstanceOf(PermanentIssuanceFault.class)
                    .hasMessageContaining("key-encryption key " + kek.id()).hasMessageContaining(other.id());
        } finally {
            ((AutoCloseable) second).close();
        }
    }

    @Test
    void theTopicHoldsNoKeyInTheClear() throws Exception {
        createTopic();
        GroupCaStore store = store(kek);
        try {
            issue(issuer(store), "alice");
        } finally {
            ((AutoCloseable) store).close();
        }
        try (var reader = clients.readerConsumer()) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> values.add(new String(record.value())));
            }
            assertThat(values).hasSize(1);
            assertThat(values.get(0)).contains("wrappedPrivateKey", kek.id()).doesNotContain("PRIVATE KEY");
        }
    }

    private void createTopic() {
        try (Admin admin = clients.admin()) {
            new TopicProvisioner(admin).createMissing(List.of(new TopicProvisioner.TopicSpec(topic, Optional.of(1),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), 1, (short) -1);
        }
    }

    private GroupCaStore store(KeyEncryptionKey key) throws Exception {
        return GroupCaStore.inKafka(clients::readerConsumer, clients.producer(), topic, key, Duration.ofSeconds(30),
                clockAt(NOW));
    }

    private Issuer issuer(GroupCaStore store) {
        return InternalCaIssuer.create(ecSettings(), new RootCaSource.GeneratedIn(dir.resolve("root")), store,
                MintJournal.NONE, null, CaTestKit.DIRECT, clockAt(NOW));
    }

    private static IssuedCertificate issue(Issuer issuer, String username) {
        IssuanceResult result = issuer.issue(new CertificateOrder(UUID.randomUUID().toString(), GROUP, username, 3))
                .toCompletableFuture().join();
        return ((IssuanceResult.Issued) result).certificate();
    }
}
