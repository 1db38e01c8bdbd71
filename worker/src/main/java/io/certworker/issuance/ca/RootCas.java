package io.certworker.issuance.ca;

import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import io.certworker.issuance.ca.pkcs11.TokenKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
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
    private final Pkcs11Token token;
    private final Clock clock;

    RootCas(CaSettings settings, CertificateBuilder builder, KeyPairFactory keys, Clock clock) {
        this(settings, builder, keys, null, clock);
    }

    /** With {@code token} (or null) for a root whose key is in a PKCS#11 token. */
    RootCas(CaSettings settings, CertificateBuilder builder, KeyPairFactory keys, Pkcs11Token token, Clock clock) {
        this.settings = settings;
        this.builder = builder;
        this.keys = keys;
        this.token = token;
        this.clock = clock;
    }

    CertificateAuthority load(RootCaSource source) {
        if (source instanceof RootCaSource.PemFiles files) {
            return fromPem(files.certificateFile(), files.privateKeyFile());
        }
        if (source instanceof RootCaSource.Pkcs12 keystore) {
            return fromPkcs12(keystore);
        }
        if (source instanceof RootCaSource.InToken inToken) {
            return fromToken(inToken.label());
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
                        List<X509CertificateHolder> chain = new ArrayList<>();
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

    private CertificateAuthority fromToken(String label) {
        if (token == null) {
            throw new IllegalArgumentException("a root in a PKCS#11 token needs ca.key.store=pkcs11");
        }
        TokenKey key;
        try {
            key = token.key(label);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ca.pkcs11.root.label: " + e.getMessage() + "; import the root (docs/hsm.md)"
                    + " or make one with cert-worker ca init-root", e);
        }
        List<X509CertificateHolder> chain = new ArrayList<>();
        try {
            for (X509Certificate certificate : token.certificateChain(label)) {
                chain.add(new X509CertificateHolder(certificate.getEncoded()));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable root certificate '" + label + "' in " + token.description(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("ca.pkcs11.root.label: no certificate with the key '" + label + "' in "
                    + token.description());
        }
        CertificateAuthority root = checked(chain, key, token.description() + " (" + label + ")");
        token.probeWith(key, SigningKeys.signatureAlgorithm(root.publicKey()));
        LOG.info("Root CA {} from the PKCS#11 {} (key '{}')", root.certificate().getSubject(), token.description(),
                label);
        return root;
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

    private boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        try {
            String algorithm = SigningKeys.signatureAlgorithm(publicKey);
            byte[] probe = "cert-worker root key check".getBytes(StandardCharsets.US_ASCII);
            // Signed as certificates will be (a token key signs in its token), checked in software.
            ContentSigner signer = SigningKeys.signer(publicKey, privateKey, builder.providers());
            signer.getOutputStream().write(probe);
            byte[] signature = signer.getSignature();
            Signature verifier = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }
}
