package io.certworker.testing.atlas;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The fake's certificate authorities (one EC P-256 CA per group) and the certificates they minted. */
final class FakeAtlasCa {
    /** A minted certificate, its PEM answer (certificate then PKCS#8 key) and when it was created. */
    record Minted(String groupId, String username, X509Certificate certificate, String pem, Instant createdAt) {
    }

    private record GroupCa(KeyPair keys, X500Name name, X509Certificate certificate) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, GroupCa> cas = new ConcurrentHashMap<>();
    private final Set<BigInteger> serials = ConcurrentHashMap.newKeySet();

    /** Mints {@code CN=username} for {@code groupId}, valid from {@code now − 1 h} to {@code now + months}. */
    Minted mint(String groupId, String username, int months, Instant now, String keyAlgorithm, int keySize) {
        try {
            GroupCa ca = ca(groupId, now);
            KeyPair keys = generate(keyAlgorithm, keySize);
            Instant at = now.truncatedTo(ChronoUnit.SECONDS);
            Instant notBefore = at.minus(Duration.ofHours(1));
            Instant notAfter = at.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.name(), newSerial(),
                    Date.from(notBefore), Date.from(notAfter),
                    new X500Name(new RDN[] {new RDN(BCStyle.CN, string(username))}), keys.getPublic())
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, true,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate certificate = sign(builder, ca.keys().getPrivate());
            String pem = pem("CERTIFICATE", certificate.getEncoded()) + pem("PRIVATE KEY", keys.getPrivate().getEncoded());
            return new Minted(groupId, username, certificate, pem, notBefore);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot mint a certificate", e);
        }
    }

    /** The CA certificate of {@code groupId}, created on first use. */
    X509Certificate caCertificate(String groupId, Instant now) {
        return ca(groupId, now).certificate();
    }

    private GroupCa ca(String groupId, Instant now) {
        return cas.computeIfAbsent(groupId, id -> {
            try {
                KeyPair keys = generate("EC", 256);
                // Like Atlas: CN, then OU, then O, each a PrintableString where the value allows it.
                X500Name name = new X500Name(new RDN[] {
                        new RDN(BCStyle.CN, string(id)), new RDN(BCStyle.OU, string("Atlas")),
                        new RDN(BCStyle.O, string("MongoDB Inc"))});
                Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(), Date.from(from),
                        Date.from(from.plus(Duration.ofDays(3650))), name, keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                return new GroupCa(keys, name, sign(builder, keys.getPrivate()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the fake CA of group " + id, e);
            }
        });
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey caKey)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    /** Positive, exactly 8 bytes in DER (top byte non-zero, sign bit clear), never repeated. */
    private BigInteger newSerial() {
        while (true) {
            long value = random.nextLong() & Long.MAX_VALUE;
            if (value >= (1L << 56)) {
                BigInteger serial = BigInteger.valueOf(value);
                if (serials.add(serial)) {
                    return serial;
                }
            }
        }
    }

    private static KeyPair generate(String algorithm, int size) throws GeneralSecurityException {
        if ("EC".equals(algorithm)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(switch (size) {
                case 256 -> "secp256r1";
                case 384 -> "secp384r1";
                case 521 -> "secp521r1";
                default -> throw new IllegalArgumentException("EC size " + size);
            }));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private static ASN1Encodable string(String value) {
        return DERPrintableString.isPrintableString(value) ? new DERPrintableString(value) : new DERUTF8String(value);
    }

    static String pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }
}
