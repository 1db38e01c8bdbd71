package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.kafka.KafkaClients;
import io.certworker.topics.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cert-worker request}: the event-driven twin of {@code atlas api x509Authentication
 * createDatabaseUserCertificate}. Produces one request, waits for its outcome, and prints what Atlas would answer.
 */
@Command(name = "request",
        mixinStandardHelpOptions = true,
        description = {"Request one X.509 certificate for a database user and wait for it, like `atlas api "
                + "x509Authentication createDatabaseUserCertificate`.",
                "The request body ({\"monthsUntilExpiration\": N}) comes from --file or standard input; without "
                        + "either, Atlas's default of 3 months applies.",
                "On success prints the PEM (certificate, then private key) and exits 0. On an error prints Atlas's "
                        + "error envelope to standard error and exits 1; exits 3 when no answer came in time."},
        footer = {"", "Examples:",
                "  echo '{\"monthsUntilExpiration\": 12}' | cert-worker request --groupId 5efda6aea3f2ed2e7dd6ce05 "
                        + "--username alice > alice.pem",
                "  cert-worker request --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice --file body.json "
                        + "--output-file alice.pem"})
final class RequestCommand implements Callable<Integer> {
    static final int REFUSED = 1;
    static final int NO_ANSWER = 3;

    @Mixin
    ConfigOptions options;

    @Option(names = "--groupId", required = true, paramLabel = "ID",
            description = "Unique 24-hexadecimal digit string that identifies your project.")
    String groupId;

    @Option(names = "--username", required = true, paramLabel = "NAME",
            description = "The MongoDB database user to create a certificate for.")
    String username;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Request body file; leave empty to use standard input.")
    Path file;

    @Option(names = "--output", defaultValue = "json", paramLabel = "FORMAT",
            description = "json: what Atlas answers (the PEM, or the error envelope); event: the whole outcome event "
                    + "as JSON. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--output-file", paramLabel = "FILE",
            description = "Write the answer to this file (created readable by you only) instead of standard output.")
    Path outputFile;

    @Option(names = "--pretty", description = "Indent JSON output.")
    boolean pretty;

    @Option(names = "--request-id", paramLabel = "ID",
            description = "The request's id (default: a random UUID); sending the same id again names the same request.")
    String requestId;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long to wait for the answer. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper mapper = EventCodec.instance().mapper();
    /** Standard input, and whether a person is typing at it (then it is not read); replaceable in tests. */
    InputStream input = System.in;
    boolean interactive = System.console() != null;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("json") && !output.equals("event")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output must be json or event");
        }
        ObjectNode request = requestBody();
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        request.put("schemaVersion", SchemaVersion.CURRENT);
        request.put("requestId", id);
        request.put("groupId", groupId);
        request.put("username", username);

        WorkerConfig config = options.load(Map.of());
        TopicNames topics = config.topicNames();
        KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try (Consumer<byte[], byte[]> consumer = clients.readerConsumer();
             Producer<byte[], byte[]> producer = clients.producer()) {
            OutcomeWaiter waiter = OutcomeWaiter.startingNow(consumer, topics, timeout);
            send(producer, topics.requests(), request);
            Optional<OutcomeWaiter.Answer> answer = waiter.await(id, timeout);
            if (answer.isEmpty()) {
                spec.commandLine().getErr().println("No answer to request " + id + " within " + timeoutSeconds
                        + " s. Is a worker running on " + topics.requests() + "?");
                return NO_ANSWER;
            }
            return print(answer.get());
        }
    }

    private ObjectNode requestBody() throws IOException {
        byte[] body;
        if (file != null) {
            body = Files.readAllBytes(file);
        } else if (!interactive) {
            body = input.readAllBytes();
        } else {
            body = new byte[0];
        }
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return mapper.createObjectNode();
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(body);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the request body is not JSON: " + e.getMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the request body must be a JSON object such as {\"monthsUntilExpiration\": 12}");
        }
        return (ObjectNode) parsed;
    }

    private void send(Producer<byte[], byte[]> producer, String topic, ObjectNode request)
            throws IOException, InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        byte[] key = Topics.key(groupId, username).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, mapper.writeValueAsBytes(request)))
                .get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private int print(OutcomeWaiter.Answer answer) throws IOException {
        EventCodec codec = EventCodec.instance();
        if (answer.issued() != null) {
            CertificateIssued issued = answer.issued();
            write(output.equals("event") ? codec.toJson(issued, pretty) + "\n" : issued.pem());
            return 0;
        }
        CertificateFailed failed = answer.failed();
        String text = output.equals("event") ? codec.toJson(failed, pretty) : codec.toJson(AtlasErrorBody.of(failed), pretty);
        PrintWriter err = spec.commandLine().getErr();
        err.println(text);
        err.flush();
        return REFUSED;
    }

    private void write(String text) throws IOException {
        if (outputFile == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        OutputFiles.writePrivate(outputFile, text);
    }
}
