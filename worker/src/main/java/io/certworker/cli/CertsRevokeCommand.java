package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.RevocationRequest;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.lifecycle.LifecycleTopics;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * {@code cert-worker certs revoke}: produces one revocation request on {@code cert-revocations}, waits for its
 * outcome and prints it, with {@code request}'s conventions (exit 0 answered, 1 refused, 3 no answer in time).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke one certificate of the internal CA and wait for the answer. Atlas has no such call: "
                + "a certificate issued through Atlas is refused (400 CANNOT_REVOKE_ATLAS_CERT).",
                "Prints the cert-revoked event ({\"serialNumber\",\"reason\",\"revokedAt\",…}) and exits 0, also when "
                        + "the certificate was revoked before (the original revocation is the answer). On an error "
                        + "prints Atlas's error envelope to standard error and exits 1; exits 3 when no answer came "
                        + "in time."},
        footer = {"", "Example:",
                "  cert-worker certs revoke --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice "
                        + "--serial 3057694138473201217 --reason keyCompromise"})
final class CertsRevokeCommand implements Callable<Integer> {
    static final int REFUSED = ExitCodes.REFUSED;
    static final int NO_ANSWER = ExitCodes.NO_ANSWER;

    @Mixin
    ConfigOptions options;

    @Mixin
    GroupIdOption project;

    @Option(names = "--username", required = true, paramLabel = "NAME",
            description = "The MongoDB database user the certificate was issued to.")
    String username;

    @Option(names = "--serial", required = true, paramLabel = "SERIAL",
            description = "The certificate's serial number: in decimal (serialNumber of the issued event, the _id of "
                    + "certs list), or in hexadecimal after 0x (as openssl x509 -noout -serial prints it).")
    String serial;

    @Option(names = "--reason", paramLabel = "REASON",
            description = "An RFC 5280 reason: unspecified (the default), keyCompromise, cACompromise, "
                    + "affiliationChanged, superseded, cessationOfOperation, privilegeWithdrawn.")
    String reason;

    @Option(names = "--request-id", paramLabel = "ID",
            description = "The revocation's id (default: a random UUID).")
    String requestId;

    @Option(names = "--output", defaultValue = "json", paramLabel = "FORMAT",
            description = "json: the revoked event, or Atlas's error envelope; event: the whole outcome event. "
                    + "Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--pretty", description = "Indent the JSON.")
    boolean pretty;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long to wait for the answer. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("json") && !output.equals("event")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output must be json or event");
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        RevocationRequest request = new RevocationRequest(SchemaVersion.CURRENT, id, project.groupId, username,
                decimal(serial), reason);
        WorkerConfig config = options.load(Map.of());
        LifecycleTopics topics = config.lifecycleSettings().topics();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        // One clear line, not a flood of client warnings, when Kafka is unreachable or lacks a topic.
        KafkaAccess kafka = KafkaAccess.connect(config, timeout);
        try (Consumer<byte[], byte[]> consumer = kafka.reader(List.of(topics.revocations(), topics.revoked(),
                config.topicNames().failed()));
             Producer<byte[], byte[]> producer = kafka.producer()) {
            RevocationWaiter waiter = RevocationWaiter.startingNow(consumer, topics.revoked(),
                    config.topicNames().failed(), timeout);
            producer.send(new ProducerRecord<>(topics.revocations(),
                            Topics.key(project.groupId, username).getBytes(StandardCharsets.UTF_8),
                            EventCodec.instance().encode(request)))
                    .get(timeoutSeconds, TimeUnit.SECONDS);
            Optional<RevocationWaiter.Answer> answer = waiter.await(id, timeout);
            if (answer.isEmpty()) {
                spec.commandLine().getErr().println("No answer to revocation " + id + " within " + timeoutSeconds
                        + " s. Is a worker running on " + topics.revocations() + "? Asking again with --request-id "
                        + id + " is safe: a certificate is revoked once.");
                return NO_ANSWER;
            }
            return print(answer.get());
        }
    }

    /** The serial in decimal, as revocation requests carry it. */
    private String decimal(String given) {
        if (!given.startsWith("0x") && !given.startsWith("0X")) {
            return given; // the worker checks it, and answers a malformed one with Atlas's envelope
        }
        try {
            return new BigInteger(given.substring(2), 16).toString();
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--serial " + given
                    + ": after 0x, hexadecimal digits only");
        }
    }

    private int print(RevocationWaiter.Answer answer) {
        EventCodec codec = EventCodec.instance();
        if (answer.revoked() != null) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(codec.toJson(answer.revoked(), pretty));
            out.flush();
            return ExitCodes.OK;
        }
        CertificateFailed failed = answer.failed();
        PrintWriter err = spec.commandLine().getErr();
        err.println(output.equals("event") ? codec.toJson(failed, pretty)
                : codec.toJson(AtlasErrorBody.of(failed), pretty));
        err.flush();
        return REFUSED;
    }
}
