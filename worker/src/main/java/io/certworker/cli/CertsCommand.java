package io.certworker.cli;

import io.certworker.apierror.AtlasApiError;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.issuance.ca.CaChains;
import io.certworker.kafka.TopicSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cert-worker certs}: what Atlas's certificate endpoints answer, read from the ledger topic. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "The certificates: list them (cert-ledger), revoke one, print a project's CRL or CA chain.",
        subcommands = {CertsCommand.ListCommand.class, CertsRevokeCommand.class, CertsCrlCommand.class,
                CertsCommand.CaCommand.class})
final class CertsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List a user's unexpired certificates, like `atlas api x509Authentication "
                    + "listDatabaseUserCertificates`: {\"links\":[…],\"results\":[{\"_id\",\"createdAt\",\"groupId\","
                    + "\"notAfter\",\"subject\"}],\"totalCount\":N}, oldest first. Errors print Atlas's envelope and "
                    + "exit 1."},
            footer = {"", "Example:",
                    "  cert-worker certs list --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice --itemsPerPage 10 "
                            + "--pretty"})
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Mixin
        GroupIdOption project;

        @Option(names = "--username", required = true, paramLabel = "NAME",
                description = "The MongoDB database user whose certificates to list.")
        String username;

        @Mixin
        PagingOptions paging;

        @Option(names = "--output", defaultValue = "json", paramLabel = "FORMAT",
                description = "json (the only format: Go templates do not apply here). Default: ${DEFAULT-VALUE}.")
        String output;

        @Option(names = "--pretty", description = "Indent the JSON.")
        boolean pretty;

        @Mixin
        TimeoutOption timeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!"json".equals(output)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--output " + output + " is not supported: only json");
            }
            Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), pretty);
            }
            var pagingError = paging.error();
            if (pagingError.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), pagingError.get(), pretty);
            }
            Duration wait = timeout.duration(spec.commandLine());
            WorkerConfig config = options.load(Map.of());
            String topic = config.topicNames().ledger();
            Map<String, byte[]> ledger;
            try (Consumer<byte[], byte[]> consumer = KafkaAccess.connect(config, wait).reader(List.of(topic))) {
                ledger = TopicSnapshot.read(consumer, topic, wait);
            }
            List<LedgerEntry> entries = CertificateListing.unexpired(ledger, project.groupId, username, Instant.now());
            spec.commandLine().getOut().println(EventCodec.instance().toJson(CertificateListing.page(entries,
                    config.atlasBaseUrl(), project.groupId, username, paging.itemsPerPage, paging.pageNum,
                    paging.includeCount), pretty));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "ca", mixinStandardHelpOptions = true,
            description = {"Print the project's CA chain as PEM: its issuing CA, then the root (and the root's own "
                    + "chain), as in every issued event's caCertificatePem. For `openssl verify -CAfile` and mongod's "
                    + "net.tls.CAFile. Certificates only; no key is read.",
                    "Read from the worker's CA store: with ca.store=file, ca.dir/groups/<groupId>/ca.pem (dev: "
                            + "<data-dir>/ca), with ca.store=kafka, the cert-ca-store topic; the root from "
                            + "ca.root.certificate.file, ca.root.pkcs12.file, or ca.dir/root/ca.pem (dev).",
                    "A project gets its CA with its first certificate; before, this answers a 404 envelope (exit 1)."},
            footer = {"", "Example:",
                    "  cert-worker certs ca --groupId 5efda6aea3f2ed2e7dd6ce05 > ca-chain.pem",
                    "  openssl verify -CAfile ca-chain.pem alice.pem"})
    static final class CaCommand implements Callable<Integer> {
        static final String NOT_FOUND = "PROJECT_CA_NOT_FOUND";

        @Mixin
        ConfigOptions options;

        @Mixin
        GroupIdOption project;

        @Mixin
        TimeoutOption timeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Duration wait = timeout.duration(spec.commandLine());
            Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), false);
            }
            WorkerConfig config = options.load(Map.of());
            CaChains chains = root(config);
            Optional<String> chain;
            String where;
            if (config.caStoreInKafka()) {
                String topic = config.topicNames().caStore();
                where = "topic " + topic;
                try (Consumer<byte[], byte[]> consumer = KafkaAccess.connect(config, wait).reader(List.of(topic))) {
                    chain = chains.ofProjectInKafka(consumer, topic, project.groupId, wait);
                }
            } else {
                Path groups = config.caDirectory().resolve("groups");
                where = groups.toString();
                chain = chains.ofProjectOnDisk(groups, project.groupId);
            }
            if (chain.isEmpty()) {
                return AtlasErrors.print(spec.commandLine(), new AtlasApiError(404, NOT_FOUND, "No CA exists yet for "
                        + "group " + project.groupId + " (looked in " + where + "): the worker creates it with the "
                        + "project's first certificate.", null, List.of(project.groupId), List.of(), false), false);
            }
            spec.commandLine().getOut().print(chain.get());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }

        /** The root's certificate where the worker would take it from; its key is never read. */
        private static CaChains root(WorkerConfig config) {
            String certificate = config.getString(WorkerConfig.CA_ROOT_CERTIFICATE_FILE);
            if (!certificate.isBlank()) {
                return CaChains.underRootIn(readable(Path.of(certificate), WorkerConfig.CA_ROOT_CERTIFICATE_FILE));
            }
            if (!config.getString(WorkerConfig.CA_ROOT_PKCS12_FILE).isBlank()) {
                return CaChains.under(config.rootCaSource()).orElseThrow();
            }
            Path generated = config.caDirectory().resolve("root").resolve("ca.pem");
            if (!Files.isRegularFile(generated)) {
                throw new ConfigException("No root CA certificate at " + generated + ": set "
                        + WorkerConfig.CA_ROOT_CERTIFICATE_FILE + " to the worker's root certificate, or "
                        + WorkerConfig.CA_DIR + " to the worker's CA directory (dev: <data-dir>/ca).");
            }
            return CaChains.underRootIn(generated);
        }

        private static Path readable(Path file, String setting) {
            if (!Files.isReadable(file)) {
                throw new ConfigException(setting, file.toString(), "cannot be read");
            }
            return file;
        }
    }
}
