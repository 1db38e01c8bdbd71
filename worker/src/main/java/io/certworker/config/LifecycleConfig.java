package io.certworker.config;

import io.certworker.contracts.Topics;
import io.certworker.lifecycle.LifecycleSettings;
import io.certworker.lifecycle.LifecycleTopics;
import io.certworker.revocation.CrlSchedule;
import io.certworker.revocation.ExpiryWarnings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of a certificate's life after issuance (revocation, CRL, OCSP, expiry warnings, renewal), a group of
 * their own in {@link WorkerConfig#DEFINITION}. Durations are written {@code 7d}, {@code 12h}, {@code 30m},
 * {@code 45s}, {@code 500ms} or ISO-8601 ({@code P7D}).
 */
public final class LifecycleConfig {
    public static final String TOPIC_REVOCATIONS = "topic.revocations";
    public static final String TOPIC_REVOKED = "topic.revoked";
    public static final String TOPIC_EXPIRING = "topic.expiring";
    public static final String TOPIC_LIFECYCLE_STATE = "topic.lifecycle.state";
    public static final String REVOKE_ON_USER_DELETE = "revoke.on.user.delete";
    public static final String REVOKE_SUPERSEDED_AFTER = "revoke.superseded.after";
    public static final String CRL_VALIDITY = "crl.validity";
    public static final String CRL_BASE_URL = "crl.base.url";
    public static final String OCSP_BASE_URL = "ocsp.base.url";
    public static final String EXPIRY_WARNING_DAYS = "expiry.warning.days";
    public static final String LIFECYCLE_CHECK_INTERVAL_MS = "lifecycle.check.interval.ms";

    private static final String GROUP = "Lifecycle";
    private static final Pattern SHORT_DURATION = Pattern.compile("^(\\d+)\\s*(ms|s|m|h|d)$");

    private LifecycleConfig() {
    }

    /** Adds the group's settings to {@code definition}. */
    static ConfigDef define(ConfigDef definition) {
        return definition
                .define(TOPIC_REVOCATIONS, Type.STRING, Topics.REVOCATIONS, new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Topic of revocation requests, consumed beside the requests topic.", GROUP,
                        1, ConfigDef.Width.MEDIUM, "Revocations")
                .define(TOPIC_REVOKED, Type.STRING, Topics.REVOKED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Topic of revoked-certificate events.", GROUP, 2, ConfigDef.Width.MEDIUM, "Revoked")
                .define(TOPIC_EXPIRING, Type.STRING, Topics.EXPIRING, new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Topic of expiry warnings.", GROUP, 3, ConfigDef.Width.MEDIUM, "Expiring")
                .define(TOPIC_LIFECYCLE_STATE, Type.STRING, Topics.LIFECYCLE_STATE, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "The worker's own compacted topic of expiry warnings published, so that none "
                                + "is published twice.", GROUP, 4, ConfigDef.Width.MEDIUM, "Lifecycle state")
                .define(REVOKE_ON_USER_DELETE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Revoke (reason cessationOfOperation) the unexpired certificates of the internal CA of a user "
                                + "deleted from the users topic or no longer MANAGED, once the users topic is read to "
                                + "its end.", GROUP, 5, ConfigDef.Width.SHORT, "Revoke on delete")
                .define(REVOKE_SUPERSEDED_AFTER, Type.STRING, "", duration(true), Importance.MEDIUM,
                        "Revoke (reason superseded) a certificate this long after a certificate renewing it "
                                + "(renewalOf) was issued, for example 7d; empty never does.", GROUP, 6,
                        ConfigDef.Width.SHORT, "Revoke superseded")
                .define(CRL_VALIDITY, Type.STRING, "7d", duration(false), Importance.MEDIUM,
                        "From a CRL's thisUpdate to its nextUpdate. A new CRL is made at each revocation and at each "
                                + "refresh boundary: every day, or every quarter of a validity shorter than 4 days.",
                        GROUP, 7, ConfigDef.Width.SHORT, "CRL validity")
                .define(CRL_BASE_URL, Type.STRING, "", url(), Importance.LOW,
                        "When set, certificates carry a CRL distribution point: this URL, then /crl/ and the "
                                + "groupId; empty keeps Atlas's exact certificate shape.", GROUP, 8, ConfigDef.Width.LONG, "CRL URL")
                .define(OCSP_BASE_URL, Type.STRING, "", url(), Importance.LOW,
                        "When set, certificates carry an OCSP responder (authority information access): this URL, "
                                + "then /ocsp/ and the groupId; empty keeps Atlas's exact certificate shape.", GROUP, 9,
                        ConfigDef.Width.LONG, "OCSP URL")
                .define(EXPIRY_WARNING_DAYS, Type.INT, 30, Range.atLeast(1), Importance.MEDIUM,
                        "Days before its notAfter a certificate's expiry warning is published, or at two thirds of a "
                                + "shorter lifetime.", GROUP, 10, ConfigDef.Width.SHORT, "Expiry warning")
                .define(LIFECYCLE_CHECK_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(100), Importance.LOW,
                        "How often the worker looks for expiry warnings due, superseded certificates and certificates "
                                + "of removed users.", GROUP, 11, ConfigDef.Width.SHORT, "Lifecycle check");
    }

    /** The settings, read from {@code config}. */
    static LifecycleSettings settings(AbstractConfig config) {
        String superseded = config.getString(REVOKE_SUPERSEDED_AFTER);
        Duration validity = parse(CRL_VALIDITY, config.getString(CRL_VALIDITY));
        CrlSchedule crl;
        try {
            crl = CrlSchedule.of(validity);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CRL_VALIDITY, config.getString(CRL_VALIDITY), e.getMessage());
        }
        return new LifecycleSettings(
                new LifecycleTopics(config.getString(TOPIC_REVOCATIONS), config.getString(TOPIC_REVOKED),
                        config.getString(TOPIC_EXPIRING), config.getString(TOPIC_LIFECYCLE_STATE)),
                config.getBoolean(REVOKE_ON_USER_DELETE),
                superseded.isBlank() ? Optional.empty() : Optional.of(parse(REVOKE_SUPERSEDED_AFTER, superseded)),
                crl,
                trimSlashes(config.getString(CRL_BASE_URL)),
                trimSlashes(config.getString(OCSP_BASE_URL)),
                new ExpiryWarnings(Duration.ofDays(config.getInt(EXPIRY_WARNING_DAYS))),
                Duration.ofMillis(config.getLong(LIFECYCLE_CHECK_INTERVAL_MS)));
    }

    /** A duration in the short form ({@code 7d}, {@code 90m}, ...) or ISO-8601. */
    static Duration parse(String setting, String text) {
        String trimmed = text.trim();
        Matcher matcher = SHORT_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(trimmed);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigException(setting, text, "not a duration: write 7d, 12h, 30m, 45s, 500ms or P7D");
        }
    }

    private static ConfigDef.Validator duration(boolean emptyAllowed) {
        return (name, value) -> {
            String text = value == null ? "" : value.toString();
            if (text.isBlank() && emptyAllowed) {
                return;
            }
            if (parse(name, text).isNegative() || parse(name, text).isZero()) {
                throw new ConfigException(name, value, "must be longer than zero");
            }
        };
    }

    private static ConfigDef.Validator url() {
        return (name, value) -> {
            String text = value == null ? "" : value.toString();
            if (text.isBlank()) {
                return;
            }
            try {
                URI uri = new URI(text);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name, value, "must be an http or https URL");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }

    private static String trimSlashes(String url) {
        return url.trim().replaceAll("/+$", "");
    }
}
