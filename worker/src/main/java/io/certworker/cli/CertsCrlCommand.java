package io.certworker.cli;

import io.certworker.apierror.AtlasApiError;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.IssuingCas;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TopicSnapshot;
import io.certworker.pki.ProjectCrls;
import io.certworker.revocation.CertificateTable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cert-worker certs crl}: a project's current CRL, PEM, on standard output, for mongod's
 * {@code net.tls.CRLFile}. Fetched from a running worker ({@code --url}), or made here from the ledger and the
 * project's CA exactly as a worker makes it (the same bytes), with the worker's configuration.
 */
@Command(name = "crl", mixinStandardHelpOptions = true,
        description = {"Print a project's CRL (X.509 v2, signed by the project's CA) as PEM, for mongod's "
                + "net.tls.CRLFile.",
                "With --url, fetched from a worker's operations port; without, made from the ledger and the CA store "
                        + "with the worker's configuration (--config): the same bytes as the workers serve; with "
                        + "ca.key.store=pkcs11 only --url. Exits 1 when the project has no CA (no certificate was "
                        + "issued for it)."},
        footer = {"", "Examples:",
                "  cert-worker certs crl --groupId 5efda6aea3f2ed2e7dd6ce05 --config worker.properties > crl.pem",
                "  cert-worker certs crl --groupId 5efda6aea3f2ed2e7dd6ce05 --url http://worker-1:9404 > crl.pem"})
final class CertsCrlCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Mixin
    GroupIdOption project;

    @Option(names = "--url", paramLabel = "URL",
            description = "A worker's operations endpoint, for example http://localhost:9404: fetch the CRL from it "
                    + "instead of making it here.")
    URI url;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
        if (invalidGroupId.isPresent()) {
            return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), false);
        }
        if (url == null && options.load(Map.of()).caKeysInToken()) {
            // The CRL is signed with the project's CA key, which is in the token the workers log in to.
            spec.commandLine().getErr().println("With ca.key.store=pkcs11 the CRL is signed in the token: fetch it "
                    + "from a worker with --url, for example --url http://localhost:9404");
            return ExitCodes.USAGE;
        }
        Optional<String> pem = url != null ? fetched() : made();
        if (pem.isEmpty()) {
            spec.commandLine().getErr().println("No CRL for project " + project.groupId
                    + ": it has no certificate of the internal CA.");
            return ExitCodes.REFUSED;
        }
        spec.commandLine().getOut().print(pem.get());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private Optional<String> fetched() throws IOException, InterruptedException {
        URI crl = URI.create(url.toString().replaceAll("/+$", "") + "/crl/" + project.groupId + ".pem");
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(HttpRequest.newBuilder(crl).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach " + crl + " (connection refused): is a worker's operations "
                    + "port there?", e);
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("no answer from " + crl + " in time", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch " + crl + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(crl + " answered HTTP " + response.statusCode());
        }
        return Optional.of(response.body());
    }

    private Optional<String> made() throws Exception {
        WorkerConfig config = options.load(Map.of());
        if (config.caStoreInKafka()) {
            config = options.loadForWorker(); // the CA keys in Kafka are wrapped: the key-encryption key is needed
        }
        KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
        CertificateTable table = new CertificateTable(config.issuer().configName());
        List<String> topics = config.caStoreInKafka() ? List.of(config.topicNames().ledger(),
                config.topicNames().caStore()) : List.of(config.topicNames().ledger());
        try (Consumer<byte[], byte[]> consumer = KafkaAccess.connect(config, Duration.ofSeconds(60)).reader(topics)) {
            TopicSnapshot.read(consumer, config.topicNames().ledger(), Duration.ofSeconds(60)).forEach((key, value) -> {
                try {
                    table.apply(key, EventCodec.instance().decode(value, LedgerEntry.class));
                } catch (IllegalArgumentException e) {
                    // an unreadable entry is no certificate
                }
            });
        }
        GroupCaStore store = config.caStoreInKafka()
                ? GroupCaStore.inKafka(clients::readerConsumer, clients.producer(), config.topicNames().caStore(),
                        config.keyEncryptionKey(), Duration.ofSeconds(60), Clock.systemUTC())
                : GroupCaStore.onDisk(config.caDirectory().resolve("groups"));
        try {
            ProjectCrls crls = new ProjectCrls(table, IssuingCas.of(store), config.lifecycleSettings().crl(),
                    Clock.systemUTC(), nanos -> { });
            return crls.pem(project.groupId);
        } finally {
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
