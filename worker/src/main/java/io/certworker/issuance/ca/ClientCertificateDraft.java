package io.certworker.issuance.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * Everything that makes a client certificate what it is before it is signed: serial, validity and key pair. With the
 * same issuing CA and username, signing it again yields the same certificate. Its encoded form (DER) is the secret of
 * a {@link io.certworker.issuance.MintDraft}; {@link #toString()} never shows the key.
 */
record ClientCertificateDraft(BigInteger serial, Instant notBefore, Instant notAfter, KeyPair keyPair) {

    byte[] encode() {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(serial));
        fields.add(new ASN1GeneralizedTime(Date.from(notBefore)));
        fields.add(new ASN1GeneralizedTime(Date.from(notAfter)));
        fields.add(new DEROctetString(keyPair.getPublic().getEncoded()));
        fields.add(new DEROctetString(keyPair.getPrivate().getEncoded()));
        try {
            return new DERSequence(fields).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClientCertificateDraft decode(byte[] der, String keyFamily) {
        try {
            ASN1Sequence fields = ASN1Sequence.getInstance(der);
            KeyFactory keys = KeyFactory.getInstance(keyFamily, BouncyCastle.PROVIDER);
            return new ClientCertificateDraft(
                    ASN1Integer.getInstance(fields.getObjectAt(0)).getValue(),
                    ASN1GeneralizedTime.getInstance(fields.getObjectAt(1)).getDate().toInstant(),
                    ASN1GeneralizedTime.getInstance(fields.getObjectAt(2)).getDate().toInstant(),
                    new KeyPair(
                            keys.generatePublic(new X509EncodedKeySpec(
                                    ASN1OctetString.getInstance(fields.getObjectAt(3)).getOctets())),
                            keys.generatePrivate(new PKCS8EncodedKeySpec(
                                    ASN1OctetString.getInstance(fields.getObjectAt(4)).getOctets()))));
        } catch (GeneralSecurityException | java.text.ParseException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable certificate draft: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "ClientCertificateDraft[serial=" + serial + ", notBefore=" + notBefore + ", notAfter=" + notAfter
                + ", keyPair=(redacted)]";
    }
}
