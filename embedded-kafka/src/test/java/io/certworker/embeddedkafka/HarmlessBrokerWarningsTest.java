package io.certworker.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

class HarmlessBrokerWarningsTest {
    @Test
    void theKnownHarmlessWarningsBecomeDebugLinesAndEveryOtherWarningStays() {
        LoggerContext context = new LoggerContext();
        HarmlessBrokerWarnings filter = new HarmlessBrokerWarnings();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        Logger controller = context.getLogger("org.apache.kafka.controller.QuorumController");
        Logger client = context.getLogger("org.apache.kafka.clients.NetworkClient");

        controller.warn("[QuorumController id=0] Performing controller activation. The metadata log appears to be "
                + "empty. Appending {} bootstrap record(s)", 6);
        client.warn("[NodeToControllerChannelManager id=0 name=registration] Attempting to close NetworkClient that "
                + "has already been closed.");
        controller.warn("[QuorumController id=0] Something else entirely");
        client.warn("Connection to node -1 could not be established.");

        assertThat(appender.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.DEBUG, "[QuorumController id=0] Performing controller "
                        + "activation. The metadata log appears to be empty. Appending 6 bootstrap record(s)"),
                org.assertj.core.groups.Tuple.tuple(Level.DEBUG, "[NodeToControllerChannelManager id=0 "
                        + "name=registration] Attempting to close NetworkClient that has already been closed."),
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "[QuorumController id=0] Something else entirely"),
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "Connection to node -1 could not be established."));
    }
}
