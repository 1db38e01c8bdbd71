package io.certworker.issuance.ca;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The signature algorithm that goes with a CA key: SHA-256 with RSA, as Atlas; ECDSA with a hash fit for the curve. */
final class SigningKeys {
    private SigningKeys() {
    }

    static String signatureAlgorithm(PublicKey key) {
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        throw new IllegalArgumentException("unsupported CA key type " + key.getAlgorithm());
    }

    static ContentSigner signer(PublicKey publicKey, PrivateKey privateKey) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm(publicKey))
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(privateKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + privateKey.getAlgorithm() + " key", e);
        }
    }
}
