package io.certworker.issuance.ca;

import io.certworker.issuance.ca.pkcs11.TokenKey;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A signer whose key is in the PKCS#11 token: collects what is to be signed (a certificate's TBS, a few KB) and has
 * the token sign it in one call, so that a token failing midway fails the one call, never a half-fed signature.
 */
final class TokenSigner implements ContentSigner {
    private final AlgorithmIdentifier identifier;
    private final TokenKey key;
    private final String algorithm;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream(4096);

    TokenSigner(AlgorithmIdentifier identifier, TokenKey key, String algorithm) {
        this.identifier = identifier;
        this.key = key;
        this.algorithm = algorithm;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return identifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return content;
    }

    /** @throws io.certworker.issuance.ca.pkcs11.TokenUnavailableException when the token cannot sign now */
    @Override
    public byte[] getSignature() {
        return key.sign(algorithm, content.toByteArray());
    }
}
