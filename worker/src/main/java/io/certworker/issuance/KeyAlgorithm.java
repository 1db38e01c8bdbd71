package io.certworker.issuance;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The key types certificates and CAs can have; configured by their names, for example {@code RSA-4096}. */
public enum KeyAlgorithm {
    RSA_2048("RSA-2048", "RSA", 2048),
    RSA_3072("RSA-3072", "RSA", 3072),
    RSA_4096("RSA-4096", "RSA", 4096),
    EC_P256("EC-P256", "EC", 256),
    EC_P384("EC-P384", "EC", 384);

    private final String configName;
    private final String family;
    private final int size;

    KeyAlgorithm(String configName, String family, int size) {
        this.configName = configName;
        this.family = family;
        this.size = size;
    }

    /** The name used in configuration, for example {@code RSA-4096}. */
    public String configName() {
        return configName;
    }

    /** The JCA key algorithm: {@code RSA} or {@code EC}. */
    public String family() {
        return family;
    }

    /** Modulus length for RSA, curve size for EC. */
    public int size() {
        return size;
    }

    public boolean isRsa() {
        return family.equals("RSA");
    }

    /** The algorithm named {@code name} (case-insensitive, {@code P-256} and {@code EC-P-256} accepted for EC). */
    public static KeyAlgorithm parse(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace("EC-P-", "EC-P").replace("_", "-");
        if (normalized.startsWith("P-")) {
            normalized = "EC-P" + normalized.substring(2);
        }
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.configName.equals(normalized)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm '" + name + "'; expected one of " + names());
    }

    /** All configuration names, comma separated. */
    public static String names() {
        return Arrays.stream(values()).map(KeyAlgorithm::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
