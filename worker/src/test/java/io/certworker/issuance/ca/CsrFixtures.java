package io.certworker.issuance.ca;

import java.security.KeyPair;

/** PKCS#10 requests for tests elsewhere. */
public final class CsrFixtures {
    private CsrFixtures() {
    }

    /** A PEM CSR for {@code CN=<commonName>}, signed with {@code keys}. */
    public static String csr(KeyPair keys, String commonName) throws Exception {
        return CsrModeTest.csr(keys, CsrModeTest.name(commonName));
    }
}
