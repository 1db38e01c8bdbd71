package io.certworker.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.certworker.config.WorkerConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level} to Logback when a command starts, whether they came from the
 * environment (which {@code logback.xml} reads itself) or from a configuration file.
 *
 * <p>Two audiences. A worker ({@code run}, {@code dev}) logs its own lines at {@code log.level} and Kafka's warnings,
 * which an operator wants to see. A command that prints a result ({@code request}, {@code users}, …) logs warnings
 * only and keeps Kafka's clients silent: their retry warnings would bury the one line that says what is wrong. Either
 * way {@code --verbose} means DEBUG, and Kafka's clients and broker never log below WARN (their INFO is pages of
 * configuration dumps).
 */
public final class Logging {
    /** The loggers of Kafka's clients and of its broker's classes (Java and Scala). */
    static final List<String> KAFKA_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");

    private Logging() {
    }

    /** For {@code run} and {@code dev}: the worker's lines at {@code log.level} (DEBUG with --verbose). */
    public static void worker(WorkerConfig config, boolean verbose) {
        Level level = verbose ? Level.DEBUG : Level.toLevel(config.logLevel(), Level.INFO);
        apply(config.logFormat(), level, quietest(level, Level.WARN));
    }

    /**
     * For commands that print a result: warnings only, and nothing from Kafka's clients, unless {@code log.level} is
     * given (then its level, and Kafka's warnings) or {@code verbose} (DEBUG, and Kafka's warnings).
     */
    public static void command(WorkerConfig config, boolean verbose) {
        if (verbose) {
            apply(config.logFormat(), Level.DEBUG, Level.WARN);
        } else if (config.logLevelGiven()) {
            Level level = Level.toLevel(config.logLevel(), Level.INFO);
            apply(config.logFormat(), level, quietest(level, Level.WARN));
        } else {
            apply(config.logFormat(), Level.WARN, Level.OFF);
        }
    }

    private static void apply(String format, Level root, Level kafka) {
        LogFormat.use(format); // may reload logback.xml, so it comes first
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(root);
        KAFKA_LOGGERS.forEach(name -> context.getLogger(name).setLevel(kafka));
    }

    private static Level quietest(Level a, Level b) {
        return a.isGreaterOrEqual(b) ? a : b;
    }
}
