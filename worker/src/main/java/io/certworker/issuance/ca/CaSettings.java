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
 * @param crlBaseUrl          when not empty, client certificates carry the CRL distribution point
 *                            {@code <crlBaseUrl>/crl/<groupId>}; empty keeps Atlas's exact shape
 * @param ocspBaseUrl         when not empty, client certificates carry the OCSP responder
 *                            {@code <ocspBaseUrl>/ocsp/<groupId>}; empty keeps Atlas's exact shape
 */
public record CaSettings(
        KeyAlgorithm subjectKeyAlgorithm,
        KeyAlgorithm caKeyAlgorithm,
        String organizationalUnit,
        String organization,
        Duration groupCaValidity,
        Duration rootValidity,
        String crlBaseUrl,
        String ocspBaseUrl) {

    public CaSettings {
        Objects.requireNonNull(subjectKeyAlgorithm, "subjectKeyAlgorithm");
        Objects.requireNonNull(caKeyAlgorithm, "caKeyAlgorithm");
        Objects.requireNonNull(organizationalUnit, "organizationalUnit");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(groupCaValidity, "groupCaValidity");
        Objects.requireNonNull(rootValidity, "rootValidity");
        crlBaseUrl = crlBaseUrl == null ? "" : crlBaseUrl;
        ocspBaseUrl = ocspBaseUrl == null ? "" : ocspBaseUrl;
    }

    /** Settings whose certificates carry no CRL or OCSP pointer: Atlas's exact shape. */
    public CaSettings(KeyAlgorithm subjectKeyAlgorithm, KeyAlgorithm caKeyAlgorithm, String organizationalUnit,
                      String organization, Duration groupCaValidity, Duration rootValidity) {
        this(subjectKeyAlgorithm, caKeyAlgorithm, organizationalUnit, organization, groupCaValidity, rootValidity,
                "", "");
    }

    /** The CRL distribution point of the project's certificates, or null when they carry none. */
    public String crlUrl(String groupId) {
        return crlBaseUrl.isEmpty() ? null : crlBaseUrl + "/crl/" + groupId;
    }

    /** The OCSP responder of the project's certificates, or null when they carry none. */
    public String ocspUrl(String groupId) {
        return ocspBaseUrl.isEmpty() ? null : ocspBaseUrl + "/ocsp/" + groupId;
    }
}
