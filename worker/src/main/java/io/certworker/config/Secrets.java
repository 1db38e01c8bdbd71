package io.certworker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * A secret given either as a value setting (a password-typed setting, best from the environment) or as a file
 * setting (the file's content, trailing whitespace and newline ignored); the file wins when both are set. The one way
 * every secret setting is read.
 */
final class Secrets {
    private Secrets() {
    }

    /**
     * The secret, or empty when neither setting is given.
     *
     * @throws ConfigException naming the file setting when its file cannot be read
     */
    static Optional<String> read(AbstractConfig config, String valueSetting, String fileSetting) {
        String file = config.getString(fileSetting);
        String value;
        if (!file.isBlank()) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(fileSetting, file, "cannot be read: " + e.getMessage());
            }
        } else {
            value = config.getPassword(valueSetting).value();
        }
        value = value.stripTrailing();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Where a secret came from, for messages: the file setting if set, else the value setting. */
    static String source(AbstractConfig config, String valueSetting, String fileSetting) {
        return config.getString(fileSetting).isBlank() ? valueSetting : fileSetting;
    }
}
