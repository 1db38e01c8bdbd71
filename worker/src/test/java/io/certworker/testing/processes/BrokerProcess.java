package io.certworker.testing.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A single-node KRaft broker in a process of its own: {@code io.certworker.embeddedkafka.EmbeddedKafkaCluster}'s
 * {@code main(port, dataDir)} run with the test JVM's class path. It prints {@code bootstrap.servers=127.0.0.1:port}
 * once it answers. {@link #kill9()} kills it like a power cut; {@link #restart()} starts it again on the same port and
 * data directory (after a kill -9 the node is refused until its old broker session expires, about 4 s with the
 * module's {@code broker.session.timeout.ms=4000}, so a restart takes about 5-10 s).
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String MAIN = "io.certworker.embeddedkafka.EmbeddedKafkaCluster";
    private static final String READY = "bootstrap.servers=";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final Path logFile;
    private int port;
    private ChildProcess process;
    private int starts;

    private BrokerProcess(Path dataDir, Path logFile) {
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** Starts a broker on a free port with its log directory at {@code dataDir}; blocks until it answers. */
    public static BrokerProcess start(Path dataDir, Path logFile) throws InterruptedException {
        BrokerProcess broker = new BrokerProcess(dataDir, logFile);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.launch(0);
        return broker;
    }

    /** Starts the broker again on the same port and data directory; blocks until it answers. */
    public void restart() throws InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker still runs (pid " + process.pid() + ")");
        }
        if (process != null) {
            process.close();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                launch(port);
                return;
            } catch (AssertionError e) {
                // It exited before it was ready (the port not yet released, say): try again, a few times.
                if (process.isAlive() || attempt >= 3) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private void launch(int requestedPort) throws InterruptedException {
        starts++;
        List<String> command = List.of(ChildProcess.java(), "-Xms256m", "-Xmx768m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), MAIN, Integer.toString(requestedPort), dataDir.toString());
        process = ChildProcess.start("broker#" + starts, command, Map.of(), logFile);
        String ready = process.awaitLine(line -> line.startsWith(READY), START_TIMEOUT, "that it is ready ("
                + READY + "...)");
        String bootstrap = ready.substring(READY.length()).trim();
        port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    /** {@code 127.0.0.1:port}: the same before and after a restart. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: no controlled shutdown, no flush of the broker's own state beyond what the OS already holds. */
    public void kill9() throws InterruptedException {
        process.kill9();
    }

    /** SIGTERM: a controlled shutdown; returns the exit status. */
    public int stop() throws InterruptedException {
        return process.sigterm(Duration.ofSeconds(60));
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
