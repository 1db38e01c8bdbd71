package io.certworker.issuance.ca;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Reading and checking a requester's PKCS#10 CSR: its signature must verify (the requester holds the key), its subject
 * must be empty or exactly {@code CN=<username>}, and its key must be RSA of 2048 bits or more, or EC P-256/P-384.
 * Signatures are verified by the provider {@link CryptoProviders} chose (ACCP where it loads); a CSR it does not
 * accept, for whatever reason, is verified again by BouncyCastle, which has the last word, as before providers were
 * chosen.
 */
final class SigningRequests {
    /** A CSR's key, once the CSR passed every check; or Atlas's 400 naming the field. */
    sealed interface Checked {
    }

    record Accepted(PublicKey publicKey) implements Checked {
    }

    record Refused(AtlasApiError error) implements Checked {
    }

    private final CryptoProviders providers;

    SigningRequests(CryptoProviders providers) {
        this.providers = providers;
    }

    Checked check(String pem, String username) {
        JcaPKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS10CertificationRequest request)) {
                return refuse("csr must be a PEM PKCS#10 certificate request");
            }
            csr = new JcaPKCS10CertificationRequest(request).setProvider(BouncyCastle.PROVIDER);
        } catch (IOException | RuntimeException e) {
            return refuse("csr must be a PEM PKCS#10 certificate request");
        }
        PublicKey publicKey;
        try {
            publicKey = csr.getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            return refuse("csr signature does not verify");
        }
        Provider verifier = providers.served(CryptoOperation.CSR_VERIFICATION).provider();
        if (!(verifies(csr, publicKey, verifier)
                || verifier != BouncyCastle.PROVIDER && verifies(csr, publicKey, BouncyCastle.PROVIDER))) {
            return refuse("csr signature does not verify");
        }
        if (!subjectAllowed(csr.getSubject(), username)) {
            return refuse("csr subject must be empty or exactly CN=<username>");
        }
        if (!keyAllowed(publicKey)) {
            return refuse("csr key must be RSA of at least 2048 bits, or EC P-256 or P-384");
        }
        return new Accepted(publicKey);
    }

    /**
     * Whether {@code provider} verifies the CSR's signature with its key ({@code publicKey}, as BouncyCastle read it);
     * false also when it cannot (a key type or an algorithm it lacks). The key is given to the provider in its own
     * form, by family name: ACCP knows no key algorithm by OID, which is how BouncyCastle would ask for it.
     */
    static boolean verifies(JcaPKCS10CertificationRequest csr, PublicKey publicKey, Provider provider) {
        try {
            PublicKey key = publicKey;
            if (provider != BouncyCastle.PROVIDER) {
                String family = publicKey instanceof RSAPublicKey ? "RSA" : publicKey instanceof ECPublicKey ? "EC" : null;
                if (family == null) {
                    return false;
                }
                key = KeyFactory.getInstance(family, provider)
                        .generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
            }
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(provider).build(key));
        } catch (PKCSException | OperatorCreationException
                 | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean subjectAllowed(X500Name subject, String username) {
        RDN[] rdns = subject.getRDNs();
        if (rdns.length == 0) {
            return true;
        }
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return false;
        }
        AttributeTypeAndValue attribute = rdns[0].getFirst();
        return attribute.getType().equals(BCStyle.CN)
                && attribute.getValue() instanceof ASN1String value && value.getString().equals(username);
    }

    private static boolean keyAllowed(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() >= 2048;
        }
        if (key instanceof ECPublicKey ec) {
            int size = ec.getParams().getCurve().getField().getFieldSize();
            return size == 256 || size == 384;
        }
        return false;
    }

    private static Checked refuse(String description) {
        return new Refused(ErrorCode.INVALID_ATTRIBUTE.error(List.of(new FieldError("csr", description)), "csr"));
    }
}
