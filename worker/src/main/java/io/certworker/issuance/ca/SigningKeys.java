package io.certworker.issuance.ca;

import io.certworker.issuance.ca.pkcs11.TokenKey;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * The signature algorithm that goes with a CA key: SHA-256 with RSA, as Atlas; ECDSA with a hash fit for the curve.
 * Both are deterministic (PKCS#1 v1.5, with any provider; ECDSA with RFC 6979 nonces, BouncyCastle's "ECDDSA"), so
 * signing the same certificate twice gives the same bytes: a certificate finished again after a crash is the very
 * certificate begun before it. Each is computed by the provider {@link CryptoProviders} chose for it.
 */
final class SigningKeys {
    private SigningKeys() {
    }

    /** The standard name of the signature algorithm, as written into certificates. */
    static String signatureAlgorithm(PublicKey key) {
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        throw new IllegalArgumentException("unsupported CA key type " + key.getAlgorithm());
    }

    /**
     * {@code privateKey} as the provider that signs with it holds its own keys, or {@code privateKey} itself when that
     * provider takes it as it is or cannot translate it. Done once per CA: a provider given another provider's key
     * converts it on every signature, and BouncyCastle, given an EC key of ACCP's, rebuilds its precomputed tables of
     * the curve each time (three to four times slower). Keys sign the same bytes in either form.
     */
    static PrivateKey inSignersForm(PrivateKey privateKey, CryptoProviders providers) {
        boolean rsa = privateKey instanceof RSAKey;
        if (!rsa && !(privateKey instanceof ECKey)) {
            return privateKey;
        }
        Provider signer = providers.served(rsa ? CryptoOperation.RSA_SIGNATURE : CryptoOperation.ECDSA_SIGNATURE)
                .provider();
        if (signer == null) {
            return privateKey; // the JDK's own lookup picks a provider per key
        }
        try {
            Key translated = KeyFactory.getInstance(rsa ? "RSA" : "EC", signer).translateKey(privateKey);
            return translated instanceof PrivateKey ready ? ready : privateKey;
        } catch (GeneralSecurityException | RuntimeException e) {
            return privateKey; // a key that never leaves its token, say: signed with as it is
        }
    }

    /** A signer with {@code privateKey}, deterministic, identified in certificates by the standard algorithm. */
    static ContentSigner signer(PublicKey publicKey, PrivateKey privateKey, CryptoProviders providers) {
        String standard = signatureAlgorithm(publicKey);
        AlgorithmIdentifier identifier = new DefaultSignatureAlgorithmIdentifierFinder().find(standard);
        if (privateKey instanceof TokenKey tokenKey) {
            return new TokenSigner(identifier, tokenKey, standard); // signs in the PKCS#11 token
        }
        try {
            Signature signature = publicKey instanceof RSAKey
                    ? providers.served(CryptoOperation.RSA_SIGNATURE).signature(standard)
                    : providers.served(CryptoOperation.ECDSA_SIGNATURE).signature(standard.replace("ECDSA", "ECDDSA"));
            signature.initSign(privateKey);
            return new ContentSigner() {
                private final OutputStream stream = new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        try {
                            signature.update(bytes, offset, length);
                        } catch (SignatureException e) {
                            throw new RuntimeOperatorException("cannot sign", e);
                        }
                    }
                };

                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return identifier;
                }

                @Override
                public OutputStream getOutputStream() {
                    return stream;
                }

                @Override
                public byte[] getSignature() {
                    try {
                        return signature.sign();
                    } catch (SignatureException e) {
                        throw new RuntimeOperatorException("cannot sign", e);
                    }
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + privateKey.getAlgorithm() + " key", e);
        }
    }
}
