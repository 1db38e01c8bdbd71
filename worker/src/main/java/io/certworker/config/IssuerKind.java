package io.certworker.config;

import java.util.Arrays;

/** What issues certificates, as {@code issuer} names it. */
public enum IssuerKind {
    /** The worker's own CA: a root and one issuing CA per project. */
    INTERNAL_CA("internal-ca"),
    /** Atlas's Admin API: Atlas makes and signs every certificate. */
    ATLAS("atlas");

    private final String configName;

    IssuerKind(String configName) {
        this.configName = configName;
    }

    /** The name in configuration and in events' {@code issuer} field. */
    public String configName() {
        return configName;
    }

    /** The kind named {@code name} (a validated setting). */
    static IssuerKind named(String name) {
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown issuer " + name));
    }

    static String[] configNames() {
        return Arrays.stream(values()).map(IssuerKind::configName).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return configName;
    }
}
