package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Where the private keys of the per-project CAs are made and kept: in software, kept by the CA store with the
 * certificate ({@link SoftwareCaKeys}), or in a PKCS#11 token, the store keeping only their labels
 * ({@link TokenCaKeys}).
 */
interface CaKeys {

    /** A new key pair for a project's CA. */
    KeyPair generate(KeyAlgorithm algorithm);

    /** The CA as the store is to keep it, once its certificate is made; a token key is named in the token now. */
    StoredCa keep(String groupId, X509CertificateHolder certificate, KeyPair keyPair);

    /** The private key of a CA the store kept. */
    PrivateKey privateKey(String groupId, StoredCa stored);

    /** Forgets the key of a CA that another instance's CA beat to the store. */
    void discard(StoredCa loser);
}
