package io.certworker.issuance;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate and its private key, as an issuer hands them over for publishing. The key is held only until the
 * outcome is published; {@link #toString()} never shows it.
 *
 * @param serialNumber     the certificate's serial number
 * @param subject          the subject, RFC 4514 ({@code CN=alice})
 * @param notBefore        start of validity
 * @param notAfter         end of validity
 * @param createdAt        creation time as Atlas reports it
 * @param issuer           which issuer made it ({@code internal-ca}, {@code atlas})
 * @param pem              the certificate then its PKCS#8 private key, PEM: Atlas's 201 body
 * @param caCertificatePem the issuing CA then the root, PEM; null when the issuer does not say
 */
public record IssuedCertificate(
        BigInteger serialNumber,
        String subject,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt,
        String issuer,
        String pem,
        String caCertificatePem) {

    public IssuedCertificate {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(pem, "pem");
    }

    @Override
    public String toString() {
        return "IssuedCertificate[serialNumber=" + serialNumber + ", subject=" + subject + ", notBefore=" + notBefore
                + ", notAfter=" + notAfter + ", issuer=" + issuer + ", pem=(redacted)]";
    }
}
