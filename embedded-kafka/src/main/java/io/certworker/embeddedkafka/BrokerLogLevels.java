package io.certworker.embeddedkafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Keeps an in-process broker quiet without shipping a logging configuration file.
 *
 * <p>What the broker logs through: every broker class (Java, and Scala via scala-logging) logs to the
 * SLF4J 2 API. kafka_2.13 4.4.0 brings {@code slf4j-api} and {@code log4j-core}, but no SLF4J provider
 * (no {@code log4j-slf4j2-impl}); log4j-core is only used by Kafka's runtime log-level MBean. So the host
 * program's single binding (Logback in the worker) receives the broker's logs, and there is no
 * multiple-binding conflict; without any binding SLF4J prints one "no providers" warning and discards
 * everything.
 *
 * <p>When that binding is Logback, each of these loggers that the configuration gave no level gets
 * one (a configured level is left alone): {@code kafka}, {@code state.change.logger} and
 * {@code org.apache.kafka} get WARN; {@code com.yammer.metrics} gets ERROR, because several brokers in
 * one JVM share Kafka's JVM-wide metrics registry, whose JMX reporter warns with a stack trace about
 * duplicate MBeans. {@code org.apache.kafka.clients}, if unconfigured, is pinned to the level it had, so
 * the host's own producer and consumer logs stay as they were; {@link HarmlessBrokerWarnings} demotes the two warnings
 * every healthy start and stop prints. Logback is a {@code provided}
 * dependency: its classes are touched only after checking that it is the active binding.
 */
final class BrokerLogLevels {

    /** Logger name to the level it gets when unconfigured. */
    static final Map<String, String> BROKER_LOGGERS = Map.of(
            "kafka", "WARN",
            "state.change.logger", "WARN",
            "org.apache.kafka", "WARN",
            "com.yammer.metrics", "ERROR");
    static final String CLIENT_LOGGERS = "org.apache.kafka.clients";

    private BrokerLogLevels() {
    }

    static void quietUnlessConfigured() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            Logback.quiet(factory);
        }
    }

    /** Loaded only when Logback is present and active. */
    private static final class Logback {
        static synchronized void quiet(ILoggerFactory factory) {
            LoggerContext context = (LoggerContext) factory;
            ch.qos.logback.classic.Logger clients = context.getLogger(CLIENT_LOGGERS);
            if (clients.getLevel() == null) {
                clients.setLevel(clients.getEffectiveLevel());
            }
            if (context.getTurboFilterList().stream().noneMatch(HarmlessBrokerWarnings.class::isInstance)) {
                HarmlessBrokerWarnings filter = new HarmlessBrokerWarnings();
                filter.setContext(context);
                filter.start();
                context.addTurboFilter(filter);
            }
            BROKER_LOGGERS.forEach((name, level) -> {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.toLevel(level));
                }
            });
        }
    }
}
