package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.FieldError;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.kafka.TopicSnapshot;
import io.certworker.validation.RequestValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cert-worker users}: the {@code db-users} table, with the checks Atlas applies to X.509 users, so nobody has to
 * hand-write JSON for kcat. Errors print Atlas's envelope and exit 1.
 */
@Command(name = "users",
        mixinStandardHelpOptions = true,
        description = "Create, show, list or delete database users in the users topic (db-users).",
        subcommands = {UsersCommand.Put.class, UsersCommand.Show.class, UsersCommand.ListUsers.class,
                UsersCommand.Delete.class})
final class UsersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options naming one user. */
    static final class UserOptions extends GroupIdOption {
        @Mixin
        ConfigOptions options;


        @Option(names = "--username", required = true, paramLabel = "NAME", description = "The database user's name.")
        String username;

        @Option(names = "--pretty", description = "Indent the JSON.")
        boolean pretty;

        @Mixin
        TimeoutOption timeout;

        /** Atlas's error for a malformed project or username, if there is one. */
        Optional<AtlasApiError> check() {
            Optional<AtlasApiError> invalidGroupId = invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return invalidGroupId;
            }
            if (username.isEmpty() || username.length() > RequestValidator.MAX_USERNAME_LENGTH) {
                return Optional.of(ErrorCode.INVALID_ATTRIBUTE.error(List.of(new FieldError("username",
                        "username must be 1 to " + RequestValidator.MAX_USERNAME_LENGTH + " characters")), "username"));
            }
            return Optional.empty();
        }

        byte[] key() {
            return Topics.key(groupId, username).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = {"Create or replace a database user. X.509 users (MANAGED, CUSTOMER) live in $external; a "
                    + "CUSTOMER user's name is an RFC 2253 distinguished name."},
            footer = {"", "Examples:",
                    "  cert-worker users put --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice --x509Type MANAGED",
                    "  cert-worker users put --groupId 5efda6aea3f2ed2e7dd6ce05 --username 'CN=bob,OU=dev,O=Example' "
                            + "--x509Type CUSTOMER"})
    static final class Put implements Callable<Integer> {
        @Mixin
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
            Optional<AtlasApiError> error = user.check().or(this::checkX509);
            if (error.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), error.get(), user.pretty);
            }
            DatabaseUser entry = DatabaseUser.of(user.groupId, user.username, databaseName, x509Type);
            write(user.options, user.timeout.duration(spec.commandLine()), user.key(),
                    EventCodec.instance().encode(entry));
            spec.commandLine().getOut().println(EventCodec.instance().toJson(entry, user.pretty));
            return 0;
        }

        private Optional<AtlasApiError> checkX509() {
            if (x509Type != X509Type.NONE && !DatabaseUser.EXTERNAL_DATABASE.equals(databaseName)) {
                return Optional.of(ErrorCode.INVALID_ATTRIBUTE.error(List.of(new FieldError("databaseName",
                        "X.509 users must be in the $external database")), "databaseName"));
            }
            if (x509Type == X509Type.CUSTOMER) {
                try {
                    if (new LdapName(user.username).size() == 0) {
                        throw new InvalidNameException("empty");
                    }
                } catch (InvalidNameException e) {
                    return Optional.of(ErrorCode.ATLAS_INVALID_LDAP_NAME.error(user.username));
                }
            }
            return Optional.empty();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a database user, or Atlas's 404 USERNAME_NOT_FOUND envelope.",
            footer = {"", "Example:", "  cert-worker users show --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice"})
    static final class Show implements Callable<Integer> {
        @Mixin
        UserOptions user;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Optional<AtlasApiError> error = user.check();
            if (error.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), error.get(), user.pretty);
            }
            byte[] value = users(user.options, user.timeout.duration(spec.commandLine()))
                    .get(Topics.key(user.groupId, user.username));
            if (value == null) {
                return AtlasErrors.print(spec.commandLine(), ErrorCode.USERNAME_NOT_FOUND.error(user.username),
                        user.pretty);
            }
            spec.commandLine().getOut().println(EventCodec.instance().toJson(
                    EventCodec.instance().decode(value, DatabaseUser.class), user.pretty));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a project's database users as Atlas lists them: {\"links\",\"results\",\"totalCount\"}.",
            footer = {"", "Example:", "  cert-worker users list --groupId 5efda6aea3f2ed2e7dd6ce05 --pretty"})
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @Mixin
        GroupIdOption project;
        @Mixin
        PagingOptions paging;
        @Option(names = "--pretty", description = "Indent the JSON.")
        boolean pretty;
        @Mixin
        TimeoutOption timeout;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), pretty);
            }
            Optional<AtlasApiError> pagingError = paging.error();
            if (pagingError.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), pagingError.get(), pretty);
            }
            List<JsonNode> results = new ArrayList<>();
            WorkerConfig config = options.load(Map.of());
            users(config, timeout.duration(spec.commandLine())).forEach((key, value) -> {
                if (key.startsWith(project.groupId + "/")) {
                    try {
                        results.add(EventCodec.instance().mapper().readTree(value));
                    } catch (IOException e) {
                        // an unreadable record is no user
                    }
                }
            });
            results.sort(Comparator.comparing(node -> node.path("username").asText()));
            spec.commandLine().getOut().println(EventCodec.instance().toJson(AtlasPages.page(
                    EventCodec.instance().mapper(), results, config.atlasBaseUrl(), "/api/atlas/v2/groups/" + project.groupId
                            + "/databaseUsers", paging.itemsPerPage, paging.pageNum, paging.includeCount), pretty));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a database user (writes a tombstone).",
            footer = {"", "Example:", "  cert-worker users delete --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice"})
    static final class Delete implements Callable<Integer> {
        @Mixin
        UserOptions user;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Optional<AtlasApiError> error = user.check();
            if (error.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), error.get(), user.pretty);
            }
            write(user.options, user.timeout.duration(spec.commandLine()), user.key(), null);
            spec.commandLine().getOut().println("Deleted " + user.groupId + "/" + user.username);
            return 0;
        }
    }

    private static Map<String, byte[]> users(ConfigOptions options, Duration timeout) {
        return users(options.load(Map.of()), timeout);
    }

    private static Map<String, byte[]> users(WorkerConfig config, Duration timeout) {
        String topic = config.topicNames().users();
        try (Consumer<byte[], byte[]> consumer = KafkaAccess.connect(config, timeout).reader(List.of(topic))) {
            return TopicSnapshot.read(consumer, topic, timeout);
        }
    }

    private static void write(ConfigOptions options, Duration timeout, byte[] key, byte[] value) throws Exception {
        WorkerConfig config = options.load(Map.of());
        String topic = config.topicNames().users();
        try (Producer<byte[], byte[]> producer = KafkaAccess.connect(config, timeout).writer(List.of(topic))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
