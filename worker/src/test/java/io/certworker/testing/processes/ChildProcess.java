package io.certworker.testing.processes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One operating-system process started by a test: its standard output and error written straight to a log file
 * (kept after the test, for evidence), which the test follows line by line, keeping the last lines in memory so that a
 * process that dies unexpectedly can be reported with what it said. The process writes the file itself: lines read
 * from its pipes are lost when it exits while a read is pending (the JDK closes the pipe under the reader), and those
 * are exactly the lines of a shutdown. Every started process is registered with a JVM shutdown hook that kills it, so
 * none outlives the test JVM even if a test forgets to stop it.
 */
public final class ChildProcess implements AutoCloseable {
    private static final int TAIL_LINES = 60;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "child-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Instant startedAt = Instant.now();
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> matched = new ArrayList<>();
    private final Writer log;
    private final Thread[] pumps = new Thread[1];

    private ChildProcess(String name, Process process, Path logFile, Writer log) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.log = log;
    }

    /**
     * Starts {@code command} with the test JVM's environment minus every {@code CERT_WORKER_*} variable, plus
     * {@code environment}; its output goes to {@code logFile} (appended: a restarted process continues the log).
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            log.write("==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command) + "\n");
            log.flush();
            long outputStartsAt = Files.size(logFile);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(key -> key.startsWith("CERT_WORKER_"));
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            process.getOutputStream().close();
            ChildProcess child = new ChildProcess(name, process, logFile, log);
            child.pumps[0] = child.follow(outputStartsAt);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Follows the log file from {@code offset} until the process has exited and everything it wrote was read. */
    private Thread follow(long offset) {
        Thread thread = new Thread(() -> {
            try (InputStream in = Files.newInputStream(logFile)) {
                in.skipNBytes(offset);
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                while (true) {
                    boolean exited = !process.isAlive(); // before reading: the read after the exit gets every byte
                    int read = in.read(buffer);
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] == '\n') {
                            accept(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(buffer[i]);
                        }
                    }
                    if (read <= 0) {
                        if (exited) {
                            if (line.size() > 0) {
                                accept(line.toString(StandardCharsets.UTF_8));
                            }
                            return;
                        }
                        Thread.sleep(20);
                    }
                }
            } catch (IOException e) {
                // the log is only evidence
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private synchronized void accept(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        matched.add(line); // a worker prints a few thousand lines per test: kept whole, for awaitLine
        notifyAll();
    }

    /**
     * Waits until a line matching {@code condition} was printed (since start), the process ends, or time runs out.
     *
     * @return the line
     * @throws AssertionError naming the process and quoting its last lines otherwise
     */
    public synchronized String awaitLine(Predicate<String> condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < matched.size(); seen++) {
                if (condition.test(matched.get(seen))) {
                    return matched.get(seen);
                }
            }
            if (!process.isAlive()) {
                // the pumps may still hold the last lines
                wait(200);
                for (; seen < matched.size(); seen++) {
                    if (condition.test(matched.get(seen))) {
                        return matched.get(seen);
                    }
                }
                throw new AssertionError(name + " exited with status " + process.exitValue() + " before " + what
                        + describeTail());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " did not report " + what + " within " + timeout + describeTail());
            }
            wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    /** How many lines printed so far match. */
    public synchronized int count(Predicate<String> condition) {
        return (int) matched.stream().filter(condition).count();
    }

    /** Whether any line printed so far matches. */
    public synchronized boolean printed(Predicate<String> condition) {
        return matched.stream().anyMatch(condition);
    }

    /** kill -9: SIGKILL, no shutdown hook, no flush, no clean close. Waits until the process is gone. */
    public void kill9() throws InterruptedException {
        note("kill -9");
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM; waits up to {@code timeout} for the process to exit and returns its status. */
    public int sigterm(Duration timeout) throws InterruptedException {
        note("SIGTERM");
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not exit within " + timeout + " of SIGTERM; killed" + describeTail());
        }
        awaitPumps();
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status; throws if the process still runs. */
    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The last lines the process printed (standard output and error, interleaved as read). */
    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The last lines, formatted for an assertion message, with where the whole log is. */
    public String describeTail() {
        awaitPumps();
        StringBuilder text = new StringBuilder("\n---- last lines of ").append(name).append(" (pid ").append(pid())
                .append(", whole log: ").append(logFile.toAbsolutePath()).append(") ----\n");
        tail().forEach(line -> text.append(line).append('\n'));
        return text.append("---- end of ").append(name).append(" ----").toString();
    }

    /** Kills the process if it still runs (SIGKILL), and closes its log. Never throws. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                note("killed by the test's clean-up");
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitPumps();
        synchronized (this) {
            try {
                log.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private void awaitPumps() {
        if (process.isAlive()) {
            return;
        }
        for (Thread pump : pumps) {
            try {
                pump.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void note(String event) {
        try {
            log.write("==== " + Instant.now() + " " + event + " (test)\n");
            log.flush();
        } catch (IOException e) {
            // evidence only
        }
    }

    /** The java launcher of the running JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
