package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Fresh key pairs of a {@link KeyAlgorithm}; thread-safe, one generator per call. */
final class KeyPairFactory {
    private final SecureRandom random = new SecureRandom();
    private final CaObserver observer;

    KeyPairFactory() {
        this(CaObserver.NONE);
    }

    KeyPairFactory(CaObserver observer) {
        this.observer = observer;
    }

    KeyPair generate(KeyAlgorithm algorithm) {
        long started = System.nanoTime();
        KeyPair keyPair = generateNow(algorithm);
        observer.keyGenerated(algorithm, System.nanoTime() - started);
        return keyPair;
    }

    private KeyPair generateNow(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.family(), BouncyCastle.PROVIDER);
            if (algorithm.isRsa()) {
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.size(), RSAKeyGenParameterSpec.F4), random);
            } else {
                generator.initialize(new ECGenParameterSpec("secp" + algorithm.size() + "r1"), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key pair", e);
        }
    }
}
