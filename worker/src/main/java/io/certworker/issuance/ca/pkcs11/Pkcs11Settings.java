package io.certworker.issuance.ca.pkcs11;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the PKCS#11 token that holds the CA keys. {@link #toString()} never shows the PIN.
 *
 * @param library       the vendor's PKCS#11 module (a {@code .so})
 * @param tokenLabel    the token's label, or null to use {@code slot}
 * @param slot          the slot id, when {@code tokenLabel} is null
 * @param pin           the user PIN (CKU_USER)
 * @param probeInterval how often the token is checked (a signature with the probe key), and how often a lost token
 *                      is looked for again
 */
public record Pkcs11Settings(Path library, String tokenLabel, long slot, char[] pin, Duration probeInterval) {
    public Pkcs11Settings {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (tokenLabel == null && slot < 0) {
            throw new IllegalArgumentException("a token label or a slot id is needed");
        }
        pin = pin.clone();
    }

    /** The token as an operator would name it: label or slot, and library. */
    public String tokenDescription() {
        return (tokenLabel != null ? "token '" + tokenLabel + "'" : "slot " + slot) + " of " + library;
    }

    @Override
    public char[] pin() {
        return pin.clone();
    }

    @Override
    public String toString() {
        return "Pkcs11Settings[" + tokenDescription() + ", pin=(redacted), probeInterval=" + probeInterval + "]";
    }
}
