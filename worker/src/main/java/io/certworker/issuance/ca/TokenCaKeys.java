package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import io.certworker.issuance.ca.pkcs11.TokenKey;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CA keys generated in a PKCS#11 token and used there; the store keeps only their labels. A project's key is
 * labelled {@code <groupId>/<uuid>}: instances racing to create a project's CA on one token each make a key of their
 * own, the store's first-CA-wins rule picks one, and the others destroy theirs.
 */
final class TokenCaKeys implements CaKeys {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCaKeys.class);

    private final Pkcs11Token token;

    TokenCaKeys(Pkcs11Token token) {
        this.token = token;
    }

    @Override
    public KeyPair generate(KeyAlgorithm algorithm) {
        return token.generate(algorithm);
    }

    @Override
    public StoredCa keep(String groupId, X509CertificateHolder certificate, KeyPair keyPair) {
        String label = groupId + "/" + UUID.randomUUID();
        try {
            token.keep(label, keyPair, new JcaX509CertificateConverter().getCertificate(certificate));
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable CA certificate of group " + groupId, e);
        }
        return StoredCa.inToken(certificate, label);
    }

    @Override
    public PrivateKey privateKey(String groupId, StoredCa stored) {
        if (!stored.keyInToken()) {
            throw new IllegalStateException("the stored CA of group " + groupId + " has its key in the CA store, and "
                    + "ca.key.store=pkcs11 uses only keys in the token: keep such projects on a worker with software "
                    + "keys, or give them new CAs");
        }
        TokenKey key = token.key(stored.tokenKeyLabel());
        // The entry's certificate must be this CA's: a label pointing at another key would sign unverifiable
        // certificates.
        List<X509Certificate> entry = token.certificateChain(key.label());
        try {
            if (entry.isEmpty() || !entry.get(0).getPublicKey().equals(
                    new JcaX509CertificateConverter().getCertificate(stored.certificate()).getPublicKey())) {
                throw new IllegalStateException("the token key " + key.label() + " is not the key of the stored CA of "
                        + "group " + groupId);
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable CA certificate of group " + groupId, e);
        }
        return key;
    }

    @Override
    public void discard(StoredCa loser) {
        try {
            token.delete(loser.tokenKeyLabel());
            LOG.info("Destroyed the token key {}: another instance's CA for the project came first", loser.tokenKeyLabel());
        } catch (RuntimeException e) {
            LOG.warn("Could not destroy the unused token key {} ({}); it stays in the token, unused",
                    loser.tokenKeyLabel(), e.toString());
        }
    }
}
