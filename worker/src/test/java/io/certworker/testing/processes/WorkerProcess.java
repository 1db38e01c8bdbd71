package io.certworker.testing.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar cert-worker.jar run} as a process of its own, configured only by {@code CERT_WORKER_*} environment
 * variables, as in production. {@link #start} returns once the worker logged {@code cert-worker is taking requests}.
 * One logical instance (one {@code instance.id}) may be started again after it stopped: {@link #restart()} reuses the
 * same environment, so the new process fences its predecessor's transactions at once.
 */
public final class WorkerProcess implements AutoCloseable {
    public static final String READY = "cert-worker is taking requests";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Map<String, String> environment;
    private final Path logFile;
    private ChildProcess process;
    private int starts;
    private Instant readyAt;

    private WorkerProcess(String name, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    private static Path jarCopy;

    /** The packaged worker: the {@code cert-worker.jar} system property failsafe sets, else target/cert-worker.jar. */
    public static Path jar() {
        return Path.of(System.getProperty("cert-worker.jar", "target/cert-worker.jar"));
    }

    /**
     * A copy of {@link #jar()} taken once per test JVM, which the processes run: a build running at the same time in
     * the same tree (a shared machine) may replace target/cert-worker.jar, and a JVM whose jar is replaced under it
     * fails with NoClassDefFoundError.
     */
    static synchronized Path runnableJar() {
        if (jarCopy == null) {
            try {
                Path folder = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "reliability"));
                Path copy = folder.resolve("cert-worker-" + ProcessHandle.current().pid() + ".jar");
                Files.copy(jar(), copy, StandardCopyOption.REPLACE_EXISTING);
                copy.toFile().deleteOnExit();
                jarCopy = copy;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + jar().toAbsolutePath() + " (was `package` run?)", e);
            }
        }
        return jarCopy;
    }

    /** Starts a worker process and waits until it takes requests (fails with its last lines if it does not). */
    public static WorkerProcess start(String name, Map<String, String> environment, Path logFile)
            throws InterruptedException {
        WorkerProcess worker = launch(name, environment, logFile);
        worker.awaitReady();
        return worker;
    }

    /** Starts a worker process without waiting for it to be ready (start several at once, then {@link #awaitReady}). */
    public static WorkerProcess launch(String name, Map<String, String> environment, Path logFile) {
        WorkerProcess worker = new WorkerProcess(name, environment, logFile);
        worker.spawn();
        return worker;
    }

    /** Starts the same instance again (same environment, so the same instance id) and waits until it is ready. */
    public void restart() throws InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " still runs (pid " + process.pid() + ")");
        }
        if (process != null) {
            process.close();
        }
        spawn();
        awaitReady();
    }

    private void spawn() {
        starts++;
        List<String> command = List.of(ChildProcess.java(), "-Xms128m", "-Xmx512m", "-jar", runnableJar().toString(), "run");
        process = ChildProcess.start(name + "#" + starts, command, new TreeMap<>(environment), logFile);
        readyAt = null;
    }

    /** Waits until the current process logs that it takes requests. */
    public void awaitReady() throws InterruptedException {
        process.awaitLine(line -> line.contains(READY), START_TIMEOUT, "\"" + READY + "\"");
        readyAt = Instant.now();
    }

    /** SIGTERM (a clean stop: in-flight requests finish and are published); returns the exit status. */
    public int sigterm() throws InterruptedException {
        return process.sigterm(Duration.ofSeconds(90));
    }

    /** kill -9. */
    public void kill9() throws InterruptedException {
        process.kill9();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitCode();
    }

    /** How many processes this instance has had. */
    public int starts() {
        return starts;
    }

    /** When the current process reported it takes requests (null before). */
    public Instant readyAt() {
        return readyAt;
    }

    public String name() {
        return name;
    }

    public ChildProcess process() {
        return process;
    }

    /** The current process's last lines, for assertion messages. */
    public String describeTail() {
        return process.describeTail();
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
