package io.certworker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.topics.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cert-worker request}: the event-driven twin of {@code atlas api x509Authentication
 * createDatabaseUserCertificate}. Produces one request, waits for its outcome, and prints what Atlas would answer.
 *
 * <p>It never loses a certificate: everything that can fail here (the body, the output file, the options) is
 * checked before the request is sent; a requestId answered before is answered with its original certificate; and
 * when the wait ends without an answer (timeout, Ctrl-C), it prints the command that fetches the answer later.
 */
@Command(name = "request",
        mixinStandardHelpOptions = true,
        description = {"Request one X.509 certificate for a database user and wait for it, like `atlas api "
                + "x509Authentication createDatabaseUserCertificate`.",
                "The request body ({\"monthsUntilExpiration\": N}) comes from --file or standard input (not read "
                        + "from a terminal); without either, Atlas's default of 3 months applies.",
                "On success prints the PEM (certificate, then private key) and exits 0. On an error prints Atlas's "
                        + "error envelope to standard error and exits 1.",
                "Sending a requestId that was answered before prints that answer again (the same certificate and "
                        + "key), for as long as the worker remembers it (request.state.retention.ms, 7 days) and the "
                        + "issued topic keeps it. Without an answer in time, or on Ctrl-C, it prints the command "
                        + "that fetches the answer later."},
        footer = {"", "Examples:",
                "  echo '{\"monthsUntilExpiration\": 12}' | cert-worker request --groupId 5efda6aea3f2ed2e7dd6ce05 "
                        + "--username alice > alice.pem",
                "  cert-worker request --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice --monthsUntilExpiration 12 "
                        + "--output-file alice.pem",
                "  cert-worker request --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice --request-id r-1 "
                        + "--output-file alice.pem   # again: the same certificate"})
final class RequestCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Mixin
    GroupIdOption project;

    @Option(names = "--username", required = true, paramLabel = "NAME",
            description = "The MongoDB database user to create a certificate for.")
    String username;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Request body file; leave empty to use standard input.")
    Path file;

    @Option(names = "--monthsUntilExpiration", paramLabel = "N",
            description = "Months the certificate is valid (1 to 24), instead of writing the body; given with a body, "
                    + "both must say the same.")
    Integer monthsUntilExpiration;

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
            description = "The request's id (default: a random UUID); sending the same id again names the same request "
                    + "and prints its original answer.")
    String requestId;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long to wait for the answer (connecting to Kafka: at most 15 s of it). "
                    + "Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper mapper = EventCodec.instance().mapper();
    /** Standard input, and whether a person is typing at it (then it is not read); replaceable in tests. */
    InputStream input = System.in;
    boolean interactive = Terminals.isTerminal(Terminals.STDIN);
    /** The body read from standard input, if one was, for {@link #fetchLater}. */
    private ObjectNode bodyFromInput;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        // Everything that can fail here is checked before anything is sent.
        if (!output.equals("json") && !output.equals("event")) {
            throw new CommandLine.ParameterException(commandLine, "--output must be json or event, not " + output);
        }
        Duration timeout = TimeoutOption.positive(commandLine, timeoutSeconds);
        ObjectNode request = requestBody();
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        request.put("schemaVersion", SchemaVersion.CURRENT);
        request.put("requestId", id);
        request.put("groupId", project.groupId);
        request.put("username", username);
        WorkerConfig config = options.load(Map.of());
        OutputFiles.Reserved target = null;
        if (outputFile != null) {
            try {
                target = OutputFiles.Reserved.of(outputFile);
            } catch (OutputFiles.Unwritable e) {
                throw new CommandLine.ParameterException(commandLine, "--output-file: " + e.getMessage());
            }
        }
        try {
            return send(config, timeout, id, request, target);
        } finally {
            if (target != null) {
                target.releaseUnlessWritten();
            }
        }
    }

    private int send(WorkerConfig config, Duration timeout, String id, ObjectNode request, OutputFiles.Reserved target)
            throws Exception {
        TopicNames topics = config.topicNames();
        KafkaAccess kafka = KafkaAccess.connect(config, timeout);
        byte[] key = Topics.key(project.groupId, username).getBytes(StandardCharsets.UTF_8);
        try (Consumer<byte[], byte[]> consumer = kafka.reader(List.of(topics.requests(), topics.issued(),
                     topics.failed(), topics.requestsState()));
             Producer<byte[], byte[]> producer = kafka.producer()) {
            // The request goes to its key's murmur2 partition, as any Java producer's would; its state lies beside it.
            int partition = OriginalAnswers.partitionOf(key, consumer.partitionsFor(topics.requests(), timeout).size());
            AnswerWatch watch = AnswerWatch.startingNow(consumer, topics, partition, timeout);
            try (StopSignals signals = new StopSignals(watch::wakeup)) {
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topics.requests(), partition, key,
                        mapper.writeValueAsBytes(request)));
                if (!awaitSent(sent, timeout, signals)) {
                    return stopped(signals, "Interrupted while sending request " + id + "; it may have been sent. "
                            + "Sending it again with the same id is safe (it is answered once):", id);
                }
                Optional<AnswerWatch.Answer> answer = watch.await(id, timeout, signals::received);
                if (signals.received()) {
                    return stopped(signals, "Interrupted. Request " + id + " was sent and will be answered once; "
                            + "fetch its answer with:", id);
                }
                if (answer.isEmpty()) {
                    return noAnswer(config, timeout, id, topics);
                }
                try {
                    return print(answer.get(), new OriginalAnswers(consumer), topics, key, id, timeout, target);
                } catch (WakeupException e) { // a signal while the original answer was being looked up
                    return stopped(signals, "Interrupted. Request " + id + " was answered; fetch its answer with:", id);
                }
            }
        }
    }

    /** True once the broker has the request; false when a signal came first. */
    private static boolean awaitSent(Future<RecordMetadata> sent, Duration timeout, StopSignals signals)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                sent.get(200, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (signals.received()) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("the request was not acknowledged within "
                            + timeout.toSeconds() + " s");
                }
            }
        }
    }

    private int stopped(StopSignals signals, String message, String id) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.println("  " + fetchLater(id));
        err.flush();
        return signals.exitCode();
    }

    private int noAnswer(WorkerConfig config, Duration timeout, String id, TopicNames topics) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("No answer to request " + id + " within " + timeout.toSeconds() + " s. Is a worker running on "
                + topics.requests() + " at " + config.kafkaClientProperties().get(WorkerConfig.BOOTSTRAP_SERVERS)
                + "? The request stays queued and will be answered once; fetch its answer later with:");
        err.println("  " + fetchLater(id));
        err.flush();
        return ExitCodes.NO_ANSWER;
    }

    /** This command again, with the id it used and the options that shape its answer. */
    private String fetchLater(String id) {
        FetchLater command = new FetchLater(project.groupId, username, id)
                .with("--bootstrap-servers", options.bootstrapServers)
                .with("--config", options.file)
                .with("--output", output.equals("json") ? null : output)
                .with("--output-file", outputFile)
                .flag("--pretty", pretty);
        if (file != null) {
            command.with("--file", file);
        } else if (monthsUntilExpiration != null || bodyFromInput != null) {
            JsonNode months = bodyFromInput == null ? null : bodyFromInput.get("monthsUntilExpiration");
            if (bodyFromInput != null && bodyFromInput.size() > (months == null ? 0 : 1)) {
                command.note("   (with the same request body on standard input)");
            } else {
                command.with("--monthsUntilExpiration", monthsUntilExpiration != null ? monthsUntilExpiration
                        : months == null ? null : months.asText());
            }
        }
        return command.toString();
    }

    private ObjectNode requestBody() {
        CommandLine commandLine = spec.commandLine();
        byte[] body;
        try {
            if (file != null) {
                body = Files.readAllBytes(file);
            } else if (!interactive) {
                body = input.readAllBytes();
            } else {
                body = new byte[0];
            }
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(commandLine, "--file " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, (file != null ? "--file " + file
                    : "standard input") + ": cannot be read (" + e.getMessage() + ")");
        }
        ObjectNode parsed = mapper.createObjectNode();
        if (!new String(body, StandardCharsets.UTF_8).isBlank()) {
            JsonNode node;
            try {
                node = mapper.readTree(body);
            } catch (JsonProcessingException e) {
                throw new CommandLine.ParameterException(commandLine, "the request body is not JSON: "
                        + e.getOriginalMessage());
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "the request body is not JSON: " + e.getMessage());
            }
            if (node == null || !node.isObject()) {
                throw new CommandLine.ParameterException(commandLine,
                        "the request body must be a JSON object such as {\"monthsUntilExpiration\": 12}");
            }
            parsed = (ObjectNode) node;
        }
        if (file == null && parsed.size() > 0) {
            bodyFromInput = parsed.deepCopy();
        }
        if (monthsUntilExpiration != null) {
            JsonNode inBody = parsed.get("monthsUntilExpiration");
            if (inBody != null && !(inBody.isIntegralNumber() && inBody.asLong() == monthsUntilExpiration)) {
                throw new CommandLine.ParameterException(commandLine, "--monthsUntilExpiration " + monthsUntilExpiration
                        + " and the body's \"monthsUntilExpiration\": " + inBody + " disagree; give one of them");
            }
            parsed.put("monthsUntilExpiration", monthsUntilExpiration);
        }
        return parsed;
    }

    private int print(AnswerWatch.Answer answer, OriginalAnswers originals, TopicNames topics, byte[] key, String id,
                      Duration timeout, OutputFiles.Reserved target) throws IOException {
        EventCodec codec = EventCodec.instance();
        if (answer instanceof AnswerWatch.Answer.AnsweredBefore before) {
            Optional<CertificateIssued> original = originals.find(topics.issued(), key, id, before.serialNumber(),
                    before.answeredAt(), timeout);
            if (original.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("Request " + id + " was answered at " + before.answeredAt() + " with the certificate of "
                        + "serial " + before.serialNumber() + ", but " + topics.issued() + " no longer holds it (its "
                        + "retention ran out); send a request with a new id for a new certificate.");
                err.flush();
                return ExitCodes.ANSWER_GONE;
            }
            answer = new AnswerWatch.Answer.Issued(original.get());
        }
        if (answer instanceof AnswerWatch.Answer.Issued issued) {
            CertificateIssued event = issued.event();
            write(output.equals("event") ? codec.toJson(event, pretty) + "\n" : event.pem(), target);
            return ExitCodes.OK;
        }
        CertificateFailed failed = ((AnswerWatch.Answer.Failed) answer).event();
        String text = output.equals("event") ? codec.toJson(failed, pretty) : codec.toJson(AtlasErrorBody.of(failed), pretty);
        PrintWriter err = spec.commandLine().getErr();
        err.println(text);
        err.flush();
        return ExitCodes.REFUSED;
    }

    private void write(String text, OutputFiles.Reserved target) throws IOException {
        if (target == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        target.write(text);
    }
}
