package io.certworker.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.RevocationReason;
import io.certworker.contracts.RevocationRequest;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.IssuingCas;
import io.certworker.issuance.ca.KeyPool;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.lifecycle.LifecycleTopics;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.CrlSchedule;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a project's CRL scales to 100,000 revoked certificates. Not part of the suite (its name does not end in
 * Test): run by hand, it prints Markdown for docs/benchmarks.md. It checks that every CRL it makes is correct, and
 * asserts nothing about time.
 *
 * <pre>
 * mvn -B -o -q -pl worker -am test -Dtest=CrlScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class CrlScaleBenchmark {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final int REVOKED = 100_000;
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path directory;

    /** The re-making alone: a table of 100,000 revoked certificates, then batches of revocations on top. */
    @Test
    void remakingTheCrlOfOneProjectWith100000RevocationsInProcess() throws Exception {
        StringBuilder report = new StringBuilder("\n| CA key | revoked | batch | re-making (ms), median of 5 | "
                + "CRL size (bytes) |\n|---|---|---|---|---|\n");
        for (KeyAlgorithm caKey : List.of(KeyAlgorithm.RSA_4096, KeyAlgorithm.EC_P256)) {
            IssuingCas cas = projectCa(directory.resolve(caKey.configName()), caKey);
            CertificateTable table = new CertificateTable("internal-ca");
            Instant now = Instant.now();
            for (int i = 0; i < REVOKED - 1000; i++) {
                table.put(revoked(now.minusSeconds(REVOKED - i)));
            }
            List<Long> builds = new ArrayList<>();
            ProjectCrls crls = new ProjectCrls(table, cas, CrlSchedule.of(Duration.ofDays(7)), Clock.systemUTC(),
                    builds::add);
            crls.der(GROUP); // warm up
            for (int batch : List.of(1, 100, 899)) {
                List<Long> times = new ArrayList<>();
                byte[] der = null;
                for (int round = 0; round < 5; round++) {
                    if (round == 0) {
                        for (int i = 0; i < batch; i++) {
                            table.put(revoked(now));
                        }
                    } else {
                        table.put(revoked(now)); // every round a new revocation, so a new CRL
                    }
                    builds.clear();
                    der = crls.der(GROUP).orElseThrow();
                    times.add(TimeUnit.NANOSECONDS.toMillis(builds.get(0)));
                }
                X509CRL crl = parse(der);
                crl.verify(publicKeyOf(cas));
                assertThat(crl.getRevokedCertificates()).hasSize(table.revoked(GROUP).certificates().size());
                times.sort(Long::compare);
                report.append("| ").append(caKey).append(" | ").append(crl.getRevokedCertificates().size())
                        .append(" | ").append(batch).append(" | ").append(times.get(2)).append(" | ")
                        .append(der.length).append(" |\n");
            }
        }
        System.out.println(report);
    }

    /**
     * The whole path over the embedded broker: 100,000 certificates in the ledger, 100,000 revocation requests through
     * the worker's loop, then the CRL fetched from the operations port.
     */
    @Test
    void revoking100000CertificatesOfOneProjectThroughTheWorker() throws Exception {
        // The 1,000 users of these certificates are not in db-users: revoke.on.user.delete would revoke them first.
        try (TestWorker worker = TestWorker.start(directory.resolve("worker"), Map.of(
                WorkerConfig.TOPICS_PARTITIONS, "3", "revoke.on.user.delete", "false"))) {
            LifecycleTopics topics = new WorkerConfig(worker.settings()).lifecycleSettings().topics();
            worker.putUser(GROUP, "alice", X509Type.MANAGED);
            worker.sendRequest(Topics.key(GROUP, "alice"), "{\"requestId\":\"first\",\"groupId\":\"" + GROUP
                    + "\",\"username\":\"alice\"}"); // the project's CA
            worker.outcome("first");
            List<String> serials = new ArrayList<>();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (Producer<byte[], byte[]> producer = worker.clients().producer()) {
                for (int i = 0; i < REVOKED; i++) {
                    String user = "user-" + (i % 1000);
                    BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
                    serials.add(user + "/" + serial);
                    LedgerEntry entry = new LedgerEntry(SchemaVersion.CURRENT, serial, now, GROUP,
                            now.plus(Duration.ofDays(90)), "CN=" + user, "internal-ca", null, null, null);
                    producer.send(new ProducerRecord<>(worker.topics().ledger(),
                            Topics.ledgerKey(GROUP, user, serial).getBytes(StandardCharsets.UTF_8),
                            EventCodec.instance().encode(entry)));
                }
                producer.flush();
                long started = System.nanoTime();
                try (TopicCollector revoked = new TopicCollector(worker.clients().readerConsumer(),
                        List.of(topics.revoked()))) {
                    for (String key : serials) {
                        String user = key.substring(0, key.indexOf('/'));
                        RevocationRequest request = RevocationRequest.of(null, GROUP, user,
                                key.substring(key.indexOf('/') + 1), RevocationReason.CESSATION_OF_OPERATION);
                        producer.send(new ProducerRecord<>(topics.revocations(),
                                Topics.key(GROUP, user).getBytes(StandardCharsets.UTF_8),
                                EventCodec.instance().encode(request)));
                    }
                    producer.flush();
                    Awaitility.await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> revoked.records().size() >= REVOKED);
                    long answered = System.nanoTime() - started;
                    assertThat(revoked.records()).hasSize(REVOKED);

                    HttpClient http = HttpClient.newHttpClient();
                    URI crlUri = URI.create("http://127.0.0.1:" + worker.worker().metricsPort() + "/crl/" + GROUP);
                    Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> parse(http.send(
                            HttpRequest.newBuilder(crlUri).build(), HttpResponse.BodyHandlers.ofByteArray()).body())
                            .getRevokedCertificates().size() == REVOKED);
                    long fetchStarted = System.nanoTime();
                    byte[] der = http.send(HttpRequest.newBuilder(crlUri).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body();
                    long cachedFetch = System.nanoTime() - fetchStarted;
                    X509CRL crl = parse(der);
                    assertThat(crl.getRevokedCertificates()).hasSize(REVOKED);
                    System.out.printf("%n| revocations through the loop | answered in | rate | CRL entries | CRL size "
                                    + "| fetch of the unchanged CRL |%n|---|---|---|---|---|---|%n| %d | %.1f s | %.0f/s "
                                    + "| %d | %d bytes | %d ms |%n", REVOKED, answered / 1e9, REVOKED / (answered / 1e9),
                            crl.getRevokedCertificates().size(), der.length,
                            TimeUnit.NANOSECONDS.toMillis(cachedFetch));
                }
            }
        }
    }

    private CertificateRecord revoked(Instant at) {
        BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
        return new CertificateRecord(GROUP, "user", serial, at.minus(Duration.ofDays(1)),
                at.plus(Duration.ofDays(90)), "CN=user", "internal-ca", at.truncatedTo(ChronoUnit.SECONDS),
                RevocationReason.KEY_COMPROMISE, null);
    }

    private static IssuingCas projectCa(Path dir, KeyAlgorithm caKey) throws Exception {
        CaSettings settings = new CaSettings(KeyAlgorithm.EC_P256, caKey, "bench", "bench", Duration.ofDays(3650),
                Duration.ofDays(7300));
        InternalCaIssuer minter = InternalCaIssuer.minter(settings, new RootCaSource.GeneratedIn(dir.resolve("root")),
                GroupCaStore.onDisk(dir.resolve("groups")), null, CaObserver.NONE, KeyPool.NONE, Runnable::run,
                Clock.systemUTC());
        new JournaledIssuer<>(minter, MintJournal.NONE).issue(new CertificateOrder("r-1", GROUP, "user", 3))
                .toCompletableFuture().get(5, TimeUnit.MINUTES); // the project's CA is made with its first certificate
        return minter.issuingCas();
    }

    private static java.security.PublicKey publicKeyOf(IssuingCas cas) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                cas.find(GROUP).orElseThrow().certificate().getEncoded())).getPublicKey();
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }
}
