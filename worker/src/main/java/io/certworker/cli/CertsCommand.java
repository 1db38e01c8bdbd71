package io.certworker.cli;

import io.certworker.apierror.ErrorCode;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TopicSnapshot;
import io.certworker.ledger.CertificateListing;
import io.certworker.validation.RequestValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cert-worker certs}: what Atlas's certificate endpoints answer, read from the ledger topic. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "The certificates: list them (cert-ledger), revoke one, print a project's CRL.",
        subcommands = {CertsCommand.ListCommand.class,
                CertsRevokeCommand.class,
                CertsCrlCommand.class})
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

        @Option(names = "--groupId", required = true, paramLabel = "ID",
                description = "Unique 24-hexadecimal digit string that identifies your project.")
        String groupId;

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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!"json".equals(output)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--output " + output + " is not supported: only json");
            }
            if (!RequestValidator.isGroupId(groupId)) {
                return AtlasErrors.print(spec.commandLine(), ErrorCode.INVALID_GROUP_ID.error(groupId), pretty);
            }
            var pagingError = paging.error();
            if (pagingError.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), pagingError.get(), pretty);
            }
            WorkerConfig config = options.load(Map.of());
            KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
            Map<String, byte[]> ledger;
            try (Consumer<byte[], byte[]> consumer = clients.readerConsumer()) {
                ledger = TopicSnapshot.read(consumer, config.topicNames().ledger(), Duration.ofSeconds(60));
            }
            List<LedgerEntry> entries = CertificateListing.unexpired(ledger, groupId, username, Instant.now());
            spec.commandLine().getOut().println(EventCodec.instance().toJson(CertificateListing.page(entries,
                    config.atlasBaseUrl(), groupId, username, paging.itemsPerPage, paging.pageNum,
                    paging.includeCount), pretty));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
