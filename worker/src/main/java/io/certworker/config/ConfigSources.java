package io.certworker.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the places settings come from, later ones winning: a properties file, then {@code CERT_WORKER_*} environment
 * variables, then explicit overrides (command-line options).
 *
 * <p>Environment names are the property names in upper case with dots as underscores: {@code key.algorithm} is
 * {@code CERT_WORKER_KEY_ALGORITHM}. {@code CERT_WORKER_KAFKA_SECURITY_PROTOCOL} becomes the Kafka client property
 * {@code security.protocol}.
 */
public final class ConfigSources {
    /** Prefix of every environment variable the worker reads. */
    public static final String ENV_PREFIX = "CERT_WORKER_";
    /** Prefix of Kafka client properties, in files and (as {@code CERT_WORKER_KAFKA_}) in the environment. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** The environment variable naming a properties file to read. */
    public static final String CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG_FILE";

    private ConfigSources() {
    }

    /** All settings as property names and values. */
    public static Map<String, String> merge(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        Path configFile = file;
        if (configFile == null && environment.containsKey(CONFIG_FILE_ENV)) {
            configFile = Path.of(environment.get(CONFIG_FILE_ENV));
        }
        if (configFile != null) {
            settings.putAll(readFile(configFile));
        }
        settings.putAll(fromEnvironment(environment));
        settings.putAll(overrides);
        return settings;
    }

    /** The property name an environment variable stands for, or null if it is not one of ours. */
    static String propertyName(String variable) {
        if (!variable.startsWith(ENV_PREFIX) || variable.equals(CONFIG_FILE_ENV)) {
            return null;
        }
        String rest = variable.substring(ENV_PREFIX.length());
        return rest.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The environment variable of a property name. */
    public static String environmentName(String property) {
        return ENV_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        environment.forEach((variable, value) -> {
            String property = propertyName(variable);
            if (property != null) {
                settings.put(property, value);
            }
        });
        return settings;
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration file " + file, e);
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return settings;
    }
}
