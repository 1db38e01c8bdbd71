package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cert-worker users}: writes the {@code db-users} table, so nobody has to hand-write JSON for kcat. */
@Command(name = "users",
        mixinStandardHelpOptions = true,
        description = "Create, change or delete database users in the users topic (db-users).",
        subcommands = {UsersCommand.Put.class, UsersCommand.Delete.class})
final class UsersCommand implements Runnable {
    private static final Pattern GROUP_ID = Pattern.compile("^[a-f0-9]{24}$");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options naming one user. */
    static final class UserOptions {
        @Option(names = "--groupId", required = true, paramLabel = "ID",
                description = "Unique 24-hexadecimal digit string that identifies the project.")
        String groupId;

        @Option(names = "--username", required = true, paramLabel = "NAME", description = "The database user's name.")
        String username;

        void validate(CommandLine commandLine) {
            if (!GROUP_ID.matcher(groupId).matches()) {
                throw new CommandLine.ParameterException(commandLine,
                        "--groupId must be 24 lowercase hexadecimal characters, got '" + groupId + "'");
            }
            if (username.isEmpty() || username.length() > 1024) {
                throw new CommandLine.ParameterException(commandLine, "--username must be 1 to 1024 characters");
            }
        }

        byte[] key() {
            return Topics.key(groupId, username).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Create or replace a database user.",
            footer = {"", "Example:",
                    "  cert-worker users put --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice --x509Type MANAGED"})
    static final class Put implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        UserOptions user;
        @Option(names = "--x509Type", defaultValue = "MANAGED", paramLabel = "TYPE",
                description = "NONE, MANAGED or CUSTOMER. Default: ${DEFAULT-VALUE}.")
        X509Type x509Type;
        @Option(names = "--databaseName", defaultValue = DatabaseUser.EXTERNAL_DATABASE, paramLabel = "DB",
                description = "Authentication database. Default: ${DEFAULT-VALUE}.")
        String databaseName;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            user.validate(spec.commandLine());
            DatabaseUser entry = DatabaseUser.of(user.groupId, user.username, databaseName, x509Type);
            write(options, user.key(), EventCodec.instance().encode(entry));
            spec.commandLine().getOut().println(EventCodec.instance().toJson(entry, false));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a database user (writes a tombstone).",
            footer = {"", "Example:", "  cert-worker users delete --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice"})
    static final class Delete implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        UserOptions user;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            user.validate(spec.commandLine());
            write(options, user.key(), null);
            spec.commandLine().getOut().println("Deleted " + user.groupId + "/" + user.username);
            return 0;
        }
    }

    private static void write(ConfigOptions options, byte[] key, byte[] value) throws Exception {
        WorkerConfig config = options.load(Map.of());
        KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
        try (Producer<byte[], byte[]> producer = clients.producer()) {
            producer.send(new ProducerRecord<>(config.topicNames().users(), key, value)).get(60, TimeUnit.SECONDS);
        }
    }
}
