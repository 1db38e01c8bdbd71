package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import java.time.Duration;
import java.util.Objects;

/**
 * How the internal CA shapes what it makes.
 *
 * @param subjectKeyAlgorithm key type of client certificates (Atlas: RSA-4096)
 * @param caKeyAlgorithm      key type of the per-project CAs and of a generated root (Atlas: RSA-4096)
 * @param organizationalUnit  {@code OU} of the per-project CAs' names
 * @param organization        {@code O} of the per-project CAs' and a generated root's names
 * @param groupCaValidity     how long a per-project CA is valid from its creation
 * @param rootValidity        how long a generated root is valid
 */
public record CaSettings(
        KeyAlgorithm subjectKeyAlgorithm,
        KeyAlgorithm caKeyAlgorithm,
        String organizationalUnit,
        String organization,
        Duration groupCaValidity,
        Duration rootValidity) {

    public CaSettings {
        Objects.requireNonNull(subjectKeyAlgorithm, "subjectKeyAlgorithm");
        Objects.requireNonNull(caKeyAlgorithm, "caKeyAlgorithm");
        Objects.requireNonNull(organizationalUnit, "organizationalUnit");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(groupCaValidity, "groupCaValidity");
        Objects.requireNonNull(rootValidity, "rootValidity");
    }
}
