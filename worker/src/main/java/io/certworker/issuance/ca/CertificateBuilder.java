package io.certworker.issuance.ca;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Builds and signs the three kinds of certificates the internal CA makes: root, per-project CA, client. */
final class CertificateBuilder {
    private final SecureRandom random = new SecureRandom();
    private final CryptoProviders providers;

    CertificateBuilder(CryptoProviders providers) {
        this.providers = providers;
    }

    /** Who signs and checks with this builder's keys. */
    CryptoProviders providers() {
        return providers;
    }

    /** A CA of {@code certificate} and its key, the key held as the provider signing with it holds its own. */
    CertificateAuthority authority(X509CertificateHolder certificate, PrivateKey privateKey, String issuersPem) {
        return CertificateAuthority.of(certificate, SigningKeys.inSignersForm(privateKey, providers), issuersPem);
    }

    /** A positive serial of 64 random bits, as the CA/Browser Forum asks and Atlas's 8-byte serials suggest. */
    BigInteger newSerial() {
        byte[] bytes = new byte[8];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    /** A self-signed root: CA with no path length limit, keyCertSign and cRLSign. */
    X509CertificateHolder root(X500Name name, KeyPair keys, Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name, newSerial(), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build a root CA certificate", e);
        }
        return builder.build(SigningKeys.signer(keys.getPublic(), keys.getPrivate(), providers));
    }

    /** An issuing CA signed by {@code issuer}: CA with path length 0, so it can sign client certificates only. */
    X509CertificateHolder intermediate(CertificateAuthority issuer, X500Name name, PublicKey publicKey,
                                       Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer.certificate().getSubject(), newSerial(), Date.from(notBefore), Date.from(notAfter),
                name, publicKey);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(issuer.publicKey()));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build a CA certificate for " + name, e);
        }
        return builder.build(SigningKeys.signer(issuer.publicKey(), issuer.privateKey(), providers));
    }

    /**
     * A client certificate exactly like Atlas's managed ones: subject {@code name}, KeyUsage digitalSignature
     * (critical), ExtendedKeyUsage clientAuth (critical), and nothing else.
     */
    X509CertificateHolder client(CertificateAuthority issuer, BigInteger serial, X500Name name, PublicKey publicKey,
                                 Instant notBefore, Instant notAfter) {
        return client(issuer, serial, name, publicKey, notBefore, notAfter, null, null);
    }

    /**
     * As {@link #client(CertificateAuthority, BigInteger, X500Name, PublicKey, Instant, Instant)}, plus a CRL
     * distribution point and an OCSP responder (authority information access), each only when its URL is not null.
     */
    X509CertificateHolder client(CertificateAuthority issuer, BigInteger serial, X500Name name, PublicKey publicKey,
                                 Instant notBefore, Instant notAfter, String crlUrl, String ocspUrl) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer.certificate().getSubject(), serial, Date.from(notBefore), Date.from(notAfter),
                name, publicKey);
        try {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            if (crlUrl != null) {
                GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(where), null, null)}));
            }
            if (ocspUrl != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        X509ObjectIdentifiers.ocspAccessMethod,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build a client certificate", e);
        }
        return builder.build(SigningKeys.signer(issuer.publicKey(), issuer.privateKey(), providers));
    }
}
