package io.certworker.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Switches the log format (text or JSON lines) when it is set in a configuration file rather than in the environment,
 * where Logback already read it at start-up ({@code CERT_WORKER_LOG_FORMAT}).
 */
public final class LogFormat {
    static final String PROPERTY = "CERT_WORKER_LOG_FORMAT";

    private LogFormat() {
    }

    /** Makes {@code format} ({@code text} or {@code json}) the format of every log line from now on. */
    public static void use(String format) {
        String current = System.getProperty(PROPERTY, System.getenv().getOrDefault(PROPERTY, "text"));
        if (current.equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        System.setProperty(PROPERTY, format);
        URL configuration = LogFormat.class.getClassLoader().getResource("logback.xml");
        if (configuration == null) {
            return;
        }
        try {
            context.reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot switch the log format to " + format, e);
        }
    }
}
