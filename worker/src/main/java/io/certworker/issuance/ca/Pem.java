package io.certworker.issuance.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text of certificates and keys, in the form Atlas returns: 64-character lines, {@code \n} line ends. */
final class Pem {
    private Pem() {
    }

    static String certificate(X509CertificateHolder certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("expected a PKCS#8 encodable key, got " + key.getFormat());
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    private static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // PemWriter ends lines with the platform separator; Atlas's bodies use \n everywhere.
        return out.toString().replace("\r\n", "\n");
    }
}
