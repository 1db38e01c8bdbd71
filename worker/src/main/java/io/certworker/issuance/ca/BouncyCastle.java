package io.certworker.issuance.ca;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one BouncyCastle provider instance the CA uses, passed explicitly rather than installed JVM-wide. */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
