package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.bouncycastle.cert.X509CertificateHolder;

/** CA keys made in software and kept by the CA store (on disk owner-only, in Kafka wrapped). */
final class SoftwareCaKeys implements CaKeys {
    private final KeyPairFactory keys;

    SoftwareCaKeys(KeyPairFactory keys) {
        this.keys = keys;
    }

    @Override
    public KeyPair generate(KeyAlgorithm algorithm) {
        return keys.generate(algorithm);
    }

    @Override
    public StoredCa keep(String groupId, X509CertificateHolder certificate, KeyPair keyPair) {
        return new StoredCa(certificate, keyPair.getPrivate());
    }

    @Override
    public PrivateKey privateKey(String groupId, StoredCa stored) {
        if (stored.keyInToken()) {
            throw new IllegalStateException("the CA of group " + groupId + " has its key in a PKCS#11 token (label "
                    + stored.tokenKeyLabel() + "): set ca.key.store=pkcs11 with that token");
        }
        return stored.privateKey();
    }

    @Override
    public void discard(StoredCa loser) {
        // nothing kept it: the key is garbage now
    }
}
