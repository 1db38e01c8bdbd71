package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Fresh key pairs of a {@link KeyAlgorithm}; thread-safe, one generator per call, from the provider
 * {@link CryptoProviders} chose for the key family (ACCP where it loads); a {@link KeyPool}, when there is one,
 * answers first.
 */
final class KeyPairFactory {
    private final SecureRandom random = new SecureRandom();
    private final CaObserver observer;
    private final KeyPool pool;
    private final CryptoProviders providers;

    KeyPairFactory(CaObserver observer, KeyPool pool) {
        this(observer, pool, CryptoProviders.automatic());
    }

    KeyPairFactory(CaObserver observer, KeyPool pool, CryptoProviders providers) {
        this.observer = observer;
        this.pool = pool;
        this.providers = providers;
    }

    /** A key pair used by nobody else: from the pool if it has one ready, else made now. */
    KeyPair generate(KeyAlgorithm algorithm) {
        KeyPair pooled = pool.take(algorithm);
        if (pooled != null) {
            return pooled;
        }
        return generateNow(algorithm);
    }

    /** A key pair made now, timed. */
    KeyPair generateNow(KeyAlgorithm algorithm) {
        long started = System.nanoTime();
        KeyPair keyPair = make(algorithm);
        observer.keyGenerated(algorithm, System.nanoTime() - started);
        return keyPair;
    }

    private KeyPair make(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = providers.served(CryptoOperation.keyGeneration(algorithm.isRsa()))
                    .keyPairGenerator(algorithm.family());
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
