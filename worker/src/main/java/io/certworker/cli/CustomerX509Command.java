package io.certworker.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.UserSecurity;
import io.certworker.kafka.TopicSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cert-worker customer-x509}: a project's self-managed X.509 setting, the event-driven twin of Atlas's
 * {@code userSecurity} endpoints. While a customer CA is set, managed certificates for the project are refused with
 * {@code CANNOT_GENERATE_CERT_IF_ADVANCED_X509}.
 */
@Command(name = "customer-x509", mixinStandardHelpOptions = true,
        description = "Set, show or clear a project's own CA (self-managed X.509), in the user-security topic.",
        subcommands = {CustomerX509Command.Set.class, CustomerX509Command.Show.class, CustomerX509Command.Clear.class})
final class CustomerX509Command implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand takes. */
    static final class Project extends GroupIdOption {
        @Mixin
        ConfigOptions options;


        @Option(names = "--pretty", description = "Indent the JSON.")
        boolean pretty;

        @Mixin
        TimeoutOption timeout;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set the project's own CA, like `PATCH /api/atlas/v2/groups/{groupId}/userSecurity` with "
                    + "{\"customerX509\":{\"cas\":\"<PEM>\"}}. Prints the project's settings."},
            footer = {"", "Example:",
                    "  cert-worker customer-x509 set --groupId 5efda6aea3f2ed2e7dd6ce05 --cas-file my-ca.pem"})
    static final class Set implements Callable<Integer> {
        @Mixin
        Project project;

        @Option(names = "--cas-file", required = true, paramLabel = "FILE",
                description = "PEM file with the CA certificate(s) that sign the project's user certificates.")
        Path casFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), project.pretty);
            }
            Duration wait = project.timeout.duration(spec.commandLine());
            String cas = readable(spec.commandLine(), casFile);
            if (!isPemCertificates(cas)) {
                return AtlasErrors.print(spec.commandLine(), ErrorCode.INVALID_ATTRIBUTE.error("customerX509.cas"),
                        project.pretty);
            }
            UserSecurity settings = UserSecurity.of(project.groupId, new UserSecurity.CustomerX509(cas));
            write(project, wait, EventCodec.instance().encode(settings));
            print(spec.commandLine(), settings, project.pretty);
            return 0;
        }

        /** The file's text; a usage error, before anything is sent, when it cannot be read. */
        private static String readable(CommandLine commandLine, Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(commandLine, "--cas-file " + file + ": no such file");
            } catch (IOException | UncheckedIOException e) {
                throw new CommandLine.ParameterException(commandLine, "--cas-file " + file + ": cannot be read ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }

        private static boolean isPemCertificates(String pem) {
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                return false;
            }
            try {
                return !CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty();
            } catch (CertificateException e) {
                return false;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the project's settings, like `GET /api/atlas/v2/groups/{groupId}/userSecurity`.",
            footer = {"", "Example:", "  cert-worker customer-x509 show --groupId 5efda6aea3f2ed2e7dd6ce05"})
    static final class Show implements Callable<Integer> {
        @Mixin
        Project project;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), project.pretty);
            }
            Duration wait = project.timeout.duration(spec.commandLine());
            WorkerConfig config = project.options.load(Map.of());
            String topic = config.topicNames().userSecurity();
            Map<String, byte[]> table;
            try (Consumer<byte[], byte[]> consumer = KafkaAccess.connect(config, wait).reader(List.of(topic))) {
                table = TopicSnapshot.read(consumer, topic, wait);
            }
            byte[] value = table.get(project.groupId);
            UserSecurity settings = value == null ? UserSecurity.of(project.groupId, null)
                    : EventCodec.instance().decode(value, UserSecurity.class);
            print(spec.commandLine(), settings, project.pretty);
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear the project's own CA, like `DELETE /api/atlas/v2/groups/{groupId}/userSecurity/"
                    + "customerX509`: managed certificates are issued again.",
            footer = {"", "Example:", "  cert-worker customer-x509 clear --groupId 5efda6aea3f2ed2e7dd6ce05"})
    static final class Clear implements Callable<Integer> {
        @Mixin
        Project project;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Optional<AtlasApiError> invalidGroupId = project.invalidGroupId();
            if (invalidGroupId.isPresent()) {
                return AtlasErrors.print(spec.commandLine(), invalidGroupId.get(), project.pretty);
            }
            write(project, project.timeout.duration(spec.commandLine()), null);
            print(spec.commandLine(), UserSecurity.of(project.groupId, null), project.pretty);
            return 0;
        }
    }

    /** Prints Atlas's userSecurity shape: {"customerX509":{"cas":...}} or {}. */
    private static void print(CommandLine commandLine, UserSecurity settings, boolean pretty) {
        ObjectNode body = EventCodec.instance().mapper().createObjectNode();
        if (settings.customerX509Enabled()) {
            body.putObject("customerX509").put("cas", settings.customerX509().cas());
        }
        commandLine.getOut().println(EventCodec.instance().toJson(body, pretty));
        commandLine.getOut().flush();
    }

    private static void write(Project project, Duration timeout, byte[] value) throws Exception {
        WorkerConfig config = project.options.load(Map.of());
        String topic = config.topicNames().userSecurity();
        try (Producer<byte[], byte[]> producer = KafkaAccess.connect(config, timeout).writer(List.of(topic))) {
            producer.send(new ProducerRecord<>(topic, project.groupId.getBytes(StandardCharsets.UTF_8), value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
