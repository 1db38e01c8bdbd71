package io.certworker.issuance.ca;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the root CA from a {@link RootCaSource}, checking that the key belongs to the certificate. */
final class RootCas {
    private static final Logger LOG = LoggerFactory.getLogger(RootCas.class);
    private static final String CERTIFICATE = PemFiles.CA_CERTIFICATE;
    private static final String PRIVATE_KEY = PemFiles.CA_PRIVATE_KEY;

    private final CaSettings settings;
    private final CertificateBuilder builder;
    private final KeyPairFactory keys;
    private final Clock clock;

    RootCas(CaSettings settings, CertificateBuilder builder, KeyPairFactory keys, Clock clock) {
        this.settings = settings;
        this.builder = builder;
        this.keys = keys;
        this.clock = clock;
    }

    CertificateAuthority load(RootCaSource source) {
        if (source instanceof RootCaSource.PemFiles files) {
            return fromPem(files.certificateFile(), files.privateKeyFile());
        }
        if (source instanceof RootCaSource.Pkcs12 keystore) {
            return fromPkcs12(keystore);
        }
        return generatedIn(((RootCaSource.GeneratedIn) source).directory());
    }

    private CertificateAuthority fromPem(Path certificateFile, Path privateKeyFile) {
        List<X509CertificateHolder> chain = PemFiles.certificates(PemFiles.read(certificateFile));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate in " + certificateFile);
        }
        PrivateKey key;
        try {
            key = PemFiles.privateKey(PemFiles.read(privateKeyFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(privateKeyFile + ": " + e.getMessage(), e);
        }
        return checked(chain, key, certificateFile.toString());
    }

    private CertificateAuthority fromPkcs12(RootCaSource.Pkcs12 source) {
        try (InputStream in = Files.newInputStream(source.file())) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, source.password());
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    Key key = keyStore.getKey(alias, source.password());
                    Certificate[] certificates = keyStore.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && certificates != null && certificates.length > 0) {
                        List<X509CertificateHolder> chain = new java.util.ArrayList<>();
                        for (Certificate certificate : certificates) {
                            chain.add(new X509CertificateHolder(certificate.getEncoded()));
                        }
                        return checked(chain, privateKey, source.file() + " (" + alias + ")");
                    }
                }
            }
            throw new IllegalArgumentException("no private key entry with a certificate in " + source.file());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read PKCS#12 keystore " + source.file() + ": " + e.getMessage(), e);
        }
    }

    private CertificateAuthority generatedIn(Path directory) {
        if (Files.isRegularFile(directory.resolve(PRIVATE_KEY))) {
            return fromPem(directory.resolve(CERTIFICATE), directory.resolve(PRIVATE_KEY));
        }
        Instant now = clock.instant();
        KeyPair keyPair = keys.generate(settings.caKeyAlgorithm());
        X509CertificateHolder certificate = builder.root(
                DistinguishedNames.root("cert-worker root CA", settings.organization()),
                keyPair, now.minusSeconds(3600), now.plus(settings.rootValidity()));
        if (PemFiles.writeCaDirectory(directory, certificate, keyPair.getPrivate())) {
            LOG.info("Generated a new root CA in {} ({})", directory, settings.caKeyAlgorithm());
            return builder.authority(certificate, keyPair.getPrivate(), "");
        }
        return fromPem(directory.resolve(CERTIFICATE), directory.resolve(PRIVATE_KEY));
    }

    private CertificateAuthority checked(List<X509CertificateHolder> chain, PrivateKey key, String origin) {
        X509CertificateHolder certificate = chain.get(0);
        CertificateAuthority authority = builder.authority(certificate, key, issuersPem(chain));
        if (!keyMatches(authority.publicKey(), key)) {
            throw new IllegalArgumentException("the private key does not belong to the certificate " + origin);
        }
        return authority;
    }

    private static String issuersPem(List<X509CertificateHolder> chain) {
        StringBuilder pem = new StringBuilder();
        for (X509CertificateHolder certificate : chain.subList(1, chain.size())) {
            pem.append(Pem.certificate(certificate));
        }
        return pem.toString();
    }

    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        try {
            String algorithm = SigningKeys.signatureAlgorithm(publicKey);
            byte[] probe = "cert-worker root key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
