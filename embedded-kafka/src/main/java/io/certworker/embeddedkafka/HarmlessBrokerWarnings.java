package io.certworker.embeddedkafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import org.slf4j.Marker;

/**
 * Demotes to DEBUG the broker's warnings that every healthy single-node start or stop prints and that ask nothing of
 * anyone, so that a WARN line on a developer's screen means something:
 * <ul>
 *   <li>"Performing controller activation." (on a first start followed by "The metadata log appears to be
 *       empty"): the controller taking office, at every start of a single node; Kafka logs it at WARN.
 *   <li>"Attempting to close NetworkClient that has already been closed": the broker closing its channel to the
 *       controller twice during an orderly shutdown (two shutdown paths share it).
 * </ul>
 * Only Logback: installed by {@link BrokerLogLevels} when Logback is the binding.
 */
final class HarmlessBrokerWarnings extends TurboFilter {
    /** Logger name to a fragment of the message that is harmless from it. */
    static final Map<String, String> HARMLESS = Map.of(
            "org.apache.kafka.controller.QuorumController", "Performing controller activation.",
            "org.apache.kafka.clients.NetworkClient", "Attempting to close NetworkClient that has already been closed");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        String fragment = HARMLESS.get(logger.getName());
        if (fragment == null || !format.contains(fragment)) {
            return FilterReply.NEUTRAL;
        }
        if (logger.isDebugEnabled()) {
            logger.debug(format, params); // at DEBUG this filter stays neutral: no loop
        }
        return FilterReply.DENY;
    }
}
