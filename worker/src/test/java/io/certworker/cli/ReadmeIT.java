package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples, run as a reader would run them: the shell blocks of "Try it" (with "With kcat"), of the CSR
 * section, of the listing section and of "Health", in order, in one empty folder, against {@code dev} started from
 * the packaged jar in that folder with its defaults (data in {@code .cert-worker}).
 *
 * <p>What each command must do is read from the README itself: it exits 0 unless the comment above it says
 * {@code exit code N}; the comment lines right below it are what it prints (on standard output, or standard error
 * when that is all it prints). A printed JSON document is compared as JSON, with the values that differ on every
 * run (serials, dates) only checked for their type; with {@code --pretty} its layout is compared too. Other printed
 * lines must appear as written. No command may print a stack trace or a warning.
 *
 * <p>Only two things are changed, to keep away from a developer's own {@code dev}: the broker and health
 * addresses {@code 127.0.0.1:9092} and {@code 127.0.0.1:9404} in the commands become the test's ports, and the
 * commands get {@code CERT_WORKER_BOOTSTRAP_SERVERS} (their default is localhost:9092). {@code dev} itself gets its
 * metrics port and EC CA keys (fast) from {@code CERT_WORKER_*} variables, as any setting may be given to it.
 */
class ReadmeIT {
    static final Path JAR = DevProcess.JAR;
    static final Path README = Path.of("..", "README.md");
    /** The sections whose shell blocks run, in the README's order. */
    static final List<String> SECTIONS = List.of("## Try it", "### Bringing your own key: CSR mode",
            "## Listing certificates, customer X.509, the per-user cap",
            "## After issuance: revocation, CRL, OCSP, expiry warnings, renewal", "### Health");
    /** JSON fields whose values differ on every run. */
    static final Set<String> VOLATILE = Set.of("_id", "createdAt", "notAfter", "notBefore", "serialNumber",
            "revokedAt", "requestId");
    static final Pattern EXIT_CODE = Pattern.compile("exit code (\\d+)");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    DevProcess dev;

    @AfterEach
    void stopDev() throws InterruptedException {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void theReadmeExamplesDoAndPrintWhatTheReadmeSays() throws Exception {
        List<Step> steps = steps(Files.readString(README, StandardCharsets.UTF_8));
        assertThat(steps).as("README steps").hasSizeGreaterThan(15);
        // The README's relative paths: worker/target/cert-worker.jar, .cert-worker/ca/..., files it writes.
        Files.createDirectories(folder.resolve("worker"));
        Files.createSymbolicLink(folder.resolve("worker").resolve("target"), JAR.toAbsolutePath().getParent());
        long starting = System.nanoTime();
        // The metrics port through the environment, as the README says dev takes it.
        dev = DevProcess.start(new DevProcess.Options(folder, null, true,
                Map.of("CERT_WORKER_CA_KEY_ALGORITHM", "EC-P256"), List.of()));
        String bootstrap = dev.bootstrap();
        int metricsPort = dev.metricsPort();
        DevProcess.Output devOutput = dev.output();
        System.out.printf("%6d ms  dev ready%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting));

        for (Step step : steps) {
            String command = step.command().replace("127.0.0.1:9092", bootstrap)
                    .replace("127.0.0.1:9404", "127.0.0.1:" + metricsPort);
            long started = System.nanoTime();
            var result = shell(command, Map.of("CERT_WORKER_BOOTSTRAP_SERVERS", bootstrap));
            System.out.printf("%6d ms  %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    step.command().lines().findFirst().orElse(""));
            String what = step.command() + "\nstdout: " + result.stdout() + "\nstderr: " + result.stderr();

            assertThat(result.exitCode()).as(what).isEqualTo(step.exitCode());
            assertThat(result.stderr()).as("no stack trace: " + what).doesNotContain("\tat ", "Exception in thread");
            if (step.command().contains("cert-worker.jar")) {
                assertThat(result.stderr()).as("no log lines: " + what).doesNotContain(" WARN ", " INFO ", " ERROR ");
            }
            if (!step.output().isEmpty()) {
                checkOutput(step, result.stdout().isBlank() ? result.stderr() : result.stdout(), what);
            }
            if (step.command().contains("-t cert-issued")) {
                assertThat(result.stdout().lines().filter(line -> line.contains("\"requestId\":\"r-1\"")))
                        .as("one certificate for r-1, sent by kcat and again by request").hasSize(1);
            }
        }

        dev.process().destroy(); // SIGTERM
        assertThat(dev.process().waitFor(60, TimeUnit.SECONDS)).as("dev stopped").isTrue();
        assertThat(dev.process().exitValue()).as(devOutput.stderr()).isZero();
        assertThat(devOutput.stdout()).contains("Metrics    http://127.0.0.1:" + metricsPort + "/metrics");
        assertThat(devOutput.stderr().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                .filter(line -> !line.contains("outcome=dead-lettered"))) // the README's own dead letter
                .as("a dev that starts and stops cleanly warns of nothing but the README's dead letter").isEmpty();
    }

    private void checkOutput(Step step, String printed, String what) throws IOException {
        String expected = String.join("\n", step.output());
        JsonNode expectedJson = json(expected);
        if (expectedJson == null) {
            for (String line : step.output()) {
                assertThat(printed).as(what).contains(line.trim());
            }
            return;
        }
        JsonNode printedJson = json(printed.trim());
        assertThat(printedJson).as("JSON printed by " + what).isNotNull();
        assertThat(masked(printedJson)).as(what).isEqualTo(masked(expectedJson));
        if (step.command().contains("--pretty")) {
            assertThat(maskedText(printed.strip())).as("pretty, as shown: " + what).isEqualTo(maskedText(expected));
        } else {
            assertThat(printed.strip().lines()).as("compact, on one line: " + what).hasSize(1);
        }
    }

    private static JsonNode json(String text) {
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** The document with every volatile value replaced by its type. */
    private static JsonNode masked(JsonNode node) {
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (VOLATILE.contains(name) && value.isValueNode()) {
                    object.set(name, TextNode.valueOf("<" + value.getNodeType() + ">"));
                } else {
                    mask(value);
                }
            }
        } else if (node.isArray()) {
            node.forEach(ReadmeIT::mask);
        }
    }

    private static String maskedText(String pretty) {
        String masked = pretty;
        for (String name : VOLATILE) {
            masked = masked.replaceAll("(\"" + name + "\" : )(\"[^\"]*\"|-?\\d+)", "$1…");
        }
        return masked;
    }

    /** A command of the README, what it must exit with, and what it prints (its comment lines below it). */
    record Step(String command, int exitCode, List<String> output) {
    }

    /** The steps of {@link #SECTIONS}, in order. */
    static List<Step> steps(String readme) {
        List<Step> steps = new ArrayList<>();
        for (String section : SECTIONS) {
            for (String block : shellBlocks(section(readme, section))) {
                steps.addAll(stepsOf(block));
            }
        }
        return steps;
    }

    /** From the heading to the next heading of the same or a higher level (outside code blocks). */
    static String section(String readme, String heading) {
        List<String> lines = List.of(readme.split("\n", -1));
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new AssertionError("the README has no section " + heading);
        }
        int level = heading.indexOf(' ');
        Pattern higher = Pattern.compile("#{1," + level + "} .*");
        boolean inCode = false;
        int end = start + 1;
        for (; end < lines.size(); end++) {
            String line = lines.get(end);
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && higher.matcher(line).matches()) {
                break;
            }
        }
        return "\n" + String.join("\n", lines.subList(start, end)) + "\n";
    }

    static List<String> shellBlocks(String section) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("\n```sh\n(.*?)\n```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    static List<Step> stepsOf(String block) {
        List<Step> steps = new ArrayList<>();
        List<String> lines = List.of(block.split("\n"));
        List<String> comments = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                comments.clear();
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line);
                continue;
            }
            StringBuilder command = new StringBuilder(line);
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.append('\n').append(lines.get(++i)); // bash joins them
            }
            int exitCode = 0;
            for (String comment : comments) {
                Matcher code = EXIT_CODE.matcher(comment);
                if (code.find()) {
                    exitCode = Integer.parseInt(code.group(1));
                }
            }
            List<String> output = new ArrayList<>();
            while (i + 1 < lines.size() && lines.get(i + 1).startsWith("#")) {
                String printed = lines.get(++i);
                output.add(printed.startsWith("# ") ? printed.substring(2) : printed.substring(1));
            }
            steps.add(new Step(command.toString(), exitCode, List.copyOf(output)));
            comments.clear();
        }
        return steps;
    }

    private ProcessResult shell(String command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).directory(folder.toFile())
                .redirectInput(new File("/dev/null"));
        builder.environment().putAll(environment);
        return ProcessResult.of(builder, null);
    }

}
