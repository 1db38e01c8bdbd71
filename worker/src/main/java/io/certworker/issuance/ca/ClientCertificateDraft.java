package io.certworker.issuance.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Everything that makes a client certificate what it is before it is signed: serial, validity, and the key it
 * certifies (with its private key when the CA made the pair; without, for a CSR). With the same issuing CA and
 * username, signing it again yields the same certificate. Its encoded form (DER) is the secret of a
 * {@link io.certworker.issuance.MintDraft}; {@link #toString()} never shows the key.
 *
 * @param privateKey null when the requester keeps its key (CSR mode)
 */
record ClientCertificateDraft(BigInteger serial, Instant notBefore, Instant notAfter, PublicKey publicKey,
                              PrivateKey privateKey) {

    byte[] encode() {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(serial));
        fields.add(new ASN1GeneralizedTime(Date.from(notBefore)));
        fields.add(new ASN1GeneralizedTime(Date.from(notAfter)));
        fields.add(new DEROctetString(publicKey.getEncoded()));
        fields.add(new DEROctetString(privateKey == null ? new byte[0] : privateKey.getEncoded()));
        try {
            return new DERSequence(fields).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClientCertificateDraft decode(byte[] der) {
        try {
            ASN1Sequence fields = ASN1Sequence.getInstance(der);
            byte[] publicKey = ASN1OctetString.getInstance(fields.getObjectAt(3)).getOctets();
            byte[] privateKey = ASN1OctetString.getInstance(fields.getObjectAt(4)).getOctets();
            boolean ec = SubjectPublicKeyInfo.getInstance(publicKey).getAlgorithm().getAlgorithm()
                    .equals(X9ObjectIdentifiers.id_ecPublicKey);
            // The JDK's key factories give back exactly the bytes they read, whichever provider made the key (ACCP,
            // BouncyCastle and the JDK encode EC private keys differently): the PEM of a certificate finished again
            // from its draft is the PEM begun before, even on a worker with other providers.
            KeyFactory keys = KeyFactory.getInstance(ec ? "EC" : "RSA");
            return new ClientCertificateDraft(
                    ASN1Integer.getInstance(fields.getObjectAt(0)).getValue(),
                    ASN1GeneralizedTime.getInstance(fields.getObjectAt(1)).getDate().toInstant(),
                    ASN1GeneralizedTime.getInstance(fields.getObjectAt(2)).getDate().toInstant(),
                    keys.generatePublic(new X509EncodedKeySpec(publicKey)),
                    privateKey.length == 0 ? null : keys.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
        } catch (GeneralSecurityException | ParseException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable certificate draft: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "ClientCertificateDraft[serial=" + serial + ", notBefore=" + notBefore + ", notAfter=" + notAfter
                + ", privateKey=(redacted)]";
    }
}
