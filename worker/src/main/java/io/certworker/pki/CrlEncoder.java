package io.certworker.pki;

import io.certworker.issuance.ca.IssuingCas;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CrlSchedule.CrlContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;

/**
 * Encodes and signs one project's CRLs (RFC 5280, 5.1), keeping each entry's DER encoding from one CRL to the next:
 * a CRL of 100,000 entries is re-made after a revocation by encoding only the new entries and concatenating the rest.
 * The bytes are exactly those of BouncyCastle's {@code X509v2CRLBuilder} for the same content (DER is canonical):
 * version 2, the CA's signature algorithm and name, thisUpdate, nextUpdate, the entries in serial order (each with a
 * reason code extension unless unspecified, as RFC 5280 asks), then the authority key identifier and CRL number
 * extensions. Not thread-safe: one per project, used under its lock.
 */
final class CrlEncoder {
    private static final int SEQUENCE = 0x30;
    private static final int BIT_STRING = 0x03;

    /** serial → the last encoded entry of that serial. */
    private Map<BigInteger, Encoded> entries = new HashMap<>();

    private record Encoded(CertificateRecord certificate, byte[] der) {
    }

    byte[] encode(IssuingCas.ProjectCa ca, CrlContent content) {
        try {
            X509CertificateHolder issuer = ca.certificate();
            ContentSigner signer = ca.signer();
            ByteArrayOutputStream revoked = new ByteArrayOutputStream(content.entries().size() * 45 + 16);
            Map<BigInteger, Encoded> kept = new HashMap<>(content.entries().size() * 2);
            for (CertificateRecord certificate : content.entries()) {
                Encoded entry = entries.get(certificate.serial());
                if (entry == null || !entry.certificate().equals(certificate)) {
                    entry = new Encoded(certificate, entry(certificate));
                }
                kept.put(certificate.serial(), entry);
                revoked.write(entry.der());
            }
            entries = kept;

            ByteArrayOutputStream tbs = new ByteArrayOutputStream(revoked.size() + 1024);
            tbs.write(new ASN1Integer(1).getEncoded(ASN1Encoding.DER));
            tbs.write(signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER));
            tbs.write(issuer.getSubject().getEncoded(ASN1Encoding.DER));
            tbs.write(new Time(Date.from(content.thisUpdate())).getEncoded(ASN1Encoding.DER));
            tbs.write(new Time(Date.from(content.nextUpdate())).getEncoded(ASN1Encoding.DER));
            if (revoked.size() > 0) {
                writeHeader(tbs, SEQUENCE, revoked.size());
                revoked.writeTo(tbs);
            }
            Extensions extensions = new Extensions(new Extension[] {
                    new Extension(Extension.authorityKeyIdentifier, false,
                            new DEROctetString(authorityKeyIdentifier(issuer))),
                    new Extension(Extension.cRLNumber, false, new DEROctetString(new CRLNumber(content.number())))});
            tbs.write(new DERTaggedObject(true, 0, extensions).getEncoded(ASN1Encoding.DER));

            ByteArrayOutputStream tbsCertList = new ByteArrayOutputStream(tbs.size() + 8);
            writeHeader(tbsCertList, SEQUENCE, tbs.size());
            tbs.writeTo(tbsCertList);
            try (OutputStream signed = signer.getOutputStream()) {
                tbsCertList.writeTo(signed);
            }
            byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
            byte[] signature = new DERBitString(signer.getSignature()).getEncoded(ASN1Encoding.DER);

            ByteArrayOutputStream crl = new ByteArrayOutputStream(tbsCertList.size() + signature.length + 32);
            writeHeader(crl, SEQUENCE, tbsCertList.size() + algorithm.length + signature.length);
            tbsCertList.writeTo(crl);
            crl.write(algorithm);
            crl.write(signature);
            return crl.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a CRL", e);
        }
    }

    /** One revokedCertificates entry: serial, revocation date, and the reason code unless unspecified. */
    private static byte[] entry(CertificateRecord certificate) throws IOException {
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(new ASN1Integer(certificate.serial()));
        fields.add(new Time(Date.from(certificate.revokedAt())));
        int reason = certificate.reason().code();
        if (reason != 0) {
            fields.add(new Extensions(new Extension(Extension.reasonCode, false,
                    new DEROctetString(CRLReason.lookup(reason)))));
        }
        return new DERSequence(fields).getEncoded(ASN1Encoding.DER);
    }

    private static ASN1Encodable authorityKeyIdentifier(X509CertificateHolder issuer) {
        SubjectKeyIdentifier subjectKeyId = SubjectKeyIdentifier.fromExtensions(issuer.getExtensions());
        if (subjectKeyId != null) {
            return new AuthorityKeyIdentifier(subjectKeyId.getKeyIdentifier());
        }
        try {
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getSubjectPublicKeyInfo());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DER tag and definite length. */
    private static void writeHeader(ByteArrayOutputStream out, int tag, int length) {
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
