package io.certworker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kcat, a librdkafka client, as a real non-Java producer: with its default partitioner, keys are hashed with CRC32,
 * not with Java's murmur2. Installed by {@code .ci/run} (Debian's {@code kcat} package).
 */
public final class Kcat {
    private Kcat() {
    }

    /**
     * Produces one record, {@code key|value}, with librdkafka's default partitioner; a null {@code value} sends a
     * tombstone.
     *
     * @param settings extra {@code -X} properties, such as {@code partitioner=murmur2_random}
     */
    public static void produce(String bootstrapServers, String topic, String key, String value, String... settings)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", bootstrapServers, "-t", topic, "-P", "-K", "|"));
        if (value == null) {
            command.add("-Z"); // an empty value is sent as a null value: a tombstone
        }
        for (String setting : settings) {
            command.add("-X");
            command.add(setting);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write((key + "|" + (value == null ? "" : value) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("kcat failed: " + command + "\n" + output);
        }
    }
}
