package io.certworker.issuance.ca;

import java.nio.file.Path;
import java.util.Objects;

/** Where the root CA (the issuer of every per-project CA) comes from. */
public sealed interface RootCaSource {

    /**
     * A certificate and its private key in PEM files. The certificate file may hold a chain (the signing CA first);
     * the key may be PKCS#8, PKCS#1 or SEC1, unencrypted.
     */
    record PemFiles(Path certificateFile, Path privateKeyFile) implements RootCaSource {
        public PemFiles {
            Objects.requireNonNull(certificateFile, "certificateFile");
            Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        }
    }

    /** A PKCS#12 keystore whose first key entry is the root. */
    record Pkcs12(Path file, char[] password) implements RootCaSource {
        public Pkcs12 {
            Objects.requireNonNull(file, "file");
            password = password == null ? new char[0] : password.clone();
        }

        @Override
        public String toString() {
            return "Pkcs12[file=" + file + ", password=(redacted)]";
        }
    }

    /** A root generated once in {@code directory} and reused from there afterwards: for local development. */
    record GeneratedIn(Path directory) implements RootCaSource {
        public GeneratedIn {
            Objects.requireNonNull(directory, "directory");
        }
    }

    /**
     * A root whose key is in the PKCS#11 token of {@code ca.key.store=pkcs11}: the key entry {@code label} (a private
     * key and its certificate, paired by CKA_ID; the certificate's CKA_LABEL is the label), imported once or made by
     * {@code cert-worker ca init-root}. The chain is what the token holds above the certificate.
     */
    record InToken(String label) implements RootCaSource {
        public InToken {
            Objects.requireNonNull(label, "label");
        }
    }
}
