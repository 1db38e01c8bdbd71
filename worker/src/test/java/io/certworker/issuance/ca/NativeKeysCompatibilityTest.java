package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintJournal;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys and signatures from the native provider (ACCP, where it loads: on CI) work everywhere the JDK's and
 * BouncyCastle's did, and switching providers changes no byte the reliability guarantees depend on.
 */
class NativeKeysCompatibilityTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final CryptoProviders FALLBACK = CryptoProviders.select("auto", CryptoProvidersTest.CANNOT_LOAD);
    static final CryptoProviders CHOSEN = CryptoProviders.automatic();

    @TempDir
    Path dir;

    @Test
    void rsaSignaturesAreTheSameBytesFromTheChosenProviderAndTheJdkWhoeverMadeOrReadTheKey() throws Exception {
        byte[] data = "a certificate's to-be-signed bytes".getBytes(StandardCharsets.US_ASCII);
        for (Provider maker : makers("RSA")) {
            KeyPair keys = generate(maker, KeyAlgorithm.RSA_2048);
            PrivateKey fromPem = KeyFactory.getInstance("RSA", BouncyCastle.PROVIDER)
                    .generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate().getEncoded()));
            for (PrivateKey key : List.of(keys.getPrivate(), fromPem)) {
                byte[] jdk = sign(Signature.getInstance("SHA256withRSA", "SunRsaSign"), key, data);
                byte[] chosen = sign(CHOSEN.served(CryptoOperation.RSA_SIGNATURE).signature("SHA256withRSA"), key, data);

                assertThat(chosen).as("made by %s, read by %s", maker.getName(), key.getClass().getSimpleName())
                        .isEqualTo(jdk);
            }
        }
    }

    @ParameterizedTest(name = "CA key {0}")
    @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void aClientCertificateIsTheSameBytesSignedWithTheChosenOrTheFallbackProviders(KeyAlgorithm caKey) {
        KeyPair caKeys = generate(CHOSEN.served(CryptoOperation.keyGeneration(caKey.isRsa())).provider(), caKey);
        CertificateAuthority ca = CertificateAuthority.of(
                CaTestKit.holder(CaTestKit.selfSignedCa("test CA", caKeys)), caKeys.getPrivate(), "");
        KeyPair subject = generate(CHOSEN.served(CryptoOperation.EC_KEY_GENERATION).provider(), KeyAlgorithm.EC_P256);
        BigInteger serial = BigInteger.valueOf(0x1234_5678_9abcL);

        X509CertificateHolder chosen = new CertificateBuilder(CHOSEN).client(ca, serial,
                DistinguishedNames.user("alice"), subject.getPublic(), NOW, NOW.plus(Duration.ofDays(90)));
        X509CertificateHolder fallback = new CertificateBuilder(FALLBACK).client(ca, serial,
                DistinguishedNames.user("alice"), subject.getPublic(), NOW, NOW.plus(Duration.ofDays(90)));

        assertThat(Pem.certificate(chosen)).isEqualTo(Pem.certificate(fallback));
    }

    @ParameterizedTest(name = "CA key {0}")
    @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "EC_P256"})
    void aCaKeyIsHeldAsTheProviderSigningWithItHoldsItsOwnKeys(KeyAlgorithm caKey) throws Exception {
        CryptoOperation signing = caKey.isRsa() ? CryptoOperation.RSA_SIGNATURE : CryptoOperation.ECDSA_SIGNATURE;
        Provider signer = CHOSEN.served(signing).provider();
        for (Provider maker : makers(caKey.family())) {
            KeyPair keys = generate(maker, caKey);
            X509CertificateHolder certificate = CaTestKit.holder(CaTestKit.selfSignedCa("test CA", keys));

            CertificateAuthority authority = new CertificateBuilder(CHOSEN).authority(certificate, keys.getPrivate(), "");

            if (signer != null) {
                assertThat(authority.privateKey().getClass()).as("made by %s", maker.getName())
                        .isEqualTo(generate(signer, caKey).getPrivate().getClass());
            }
            String algorithm = caKey.isRsa() ? "SHA256withRSA" : "SHA256withECDDSA";
            byte[] data = "to be signed".getBytes(StandardCharsets.US_ASCII);
            assertThat(sign(CHOSEN.served(signing).signature(algorithm), authority.privateKey(), data))
                    .as("the same key: the same deterministic signature")
                    .isEqualTo(sign(CHOSEN.served(signing).signature(algorithm), keys.getPrivate(), data));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void aDraftGivesBackTheVeryKeyBytesWhicheverProviderMadeTheKey(KeyAlgorithm algorithm) {
        for (Provider maker : makers(algorithm.family())) {
            KeyPair keys = generate(maker, algorithm);
            ClientCertificateDraft draft = new ClientCertificateDraft(BigInteger.TEN, NOW, NOW.plusSeconds(60),
                    keys.getPublic(), keys.getPrivate());

            ClientCertificateDraft decoded = ClientCertificateDraft.decode(draft.encode());

            assertThat(decoded.privateKey().getEncoded()).as("private key made by %s", maker.getName())
                    .isEqualTo(keys.getPrivate().getEncoded());
            assertThat(decoded.publicKey().getEncoded()).as("public key made by %s", maker.getName())
                    .isEqualTo(keys.getPublic().getEncoded());
        }
    }

    @ParameterizedTest(name = "CA and subject keys {0}")
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void aDraftBegunWithOneWorkersProvidersIsFinishedIdenticallyByAWorkerWithTheOthers(KeyAlgorithm algorithm) {
        CaSettings settings = new CaSettings(algorithm, algorithm, CaTestKit.OU, CaTestKit.O, Duration.ofDays(3650),
                Duration.ofDays(7300));
        for (CryptoProviders[] pair : new CryptoProviders[][] {{CHOSEN, FALLBACK}, {FALLBACK, CHOSEN}}) {
            MintDraftRecoveryTest.MemoryJournal journal = new MintDraftRecoveryTest.MemoryJournal();
            Path ca = dir.resolve(algorithm.configName() + "-" + pair[0].inUse(CryptoOperation.EC_KEY_GENERATION));
            CertificateOrder order = new CertificateOrder("r-1", GROUP, "alice", 3);

            IssuedCertificate first = issue(issuer(settings, ca, journal, pair[0]), order);
            IssuedCertificate again = issue(issuer(settings, ca, journal, pair[1]), order);

            assertThat(again.pem()).as("begun with %s, finished with %s", pair[0].describe(), pair[1].describe())
                    .isEqualTo(first.pem());
        }
    }

    @Test
    void anRsaKeyOfTheChosenProviderIsWrittenAsThePkcs8TheJdkWritesForTheSameKey() throws Exception {
        KeyPair keys = generate(CHOSEN.served(CryptoOperation.RSA_KEY_GENERATION).provider(), KeyAlgorithm.RSA_2048);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) keys.getPrivate();
        PrivateKey jdk = KeyFactory.getInstance("RSA", "SunRsaSign").generatePrivate(new RSAPrivateCrtKeySpec(
                key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(),
                key.getPrimeExponentP(), key.getPrimeExponentQ(), key.getCrtCoefficient()));

        String pem = Pem.privateKey(keys.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(der).isEqualTo(jdk.getEncoded());
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        assertThat(info.getPrivateKeyAlgorithm())
                .isEqualTo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE));
        assertThat(info.getAttributes()).isNull();
    }

    @Test
    void theChosenProviderItselfVerifiesRsaAndEcCsrsAndRefusesAForgedOne() throws Exception {
        Provider verifier = CHOSEN.served(CryptoOperation.CSR_VERIFICATION).provider();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        for (KeyPair keys : List.of(CsrModeTest.ec("secp256r1"), CsrModeTest.ec("secp384r1"), rsa.generateKeyPair())) {
            JcaPKCS10CertificationRequest csr = parse(CsrFixtures.csr(keys, "alice"));
            JcaPKCS10CertificationRequest forged = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(
                    new CertificationRequest(csr.toASN1Structure().getCertificationRequestInfo(),
                            csr.getSignatureAlgorithm(), new DERBitString(
                            parse(CsrFixtures.csr(keys, "mallory")).getSignature()))));

            assertThat(SigningRequests.verifies(csr, csr.setProvider(BouncyCastle.PROVIDER).getPublicKey(), verifier))
                    .as("%s verifies a %s CSR", verifier.getName(), keys.getPublic().getAlgorithm()).isTrue();
            assertThat(SigningRequests.verifies(forged, csr.getPublicKey(), verifier))
                    .as("another CSR's signature").isFalse();
        }
    }

    private static JcaPKCS10CertificationRequest parse(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(
                new StringReader(pem))) {
            return new JcaPKCS10CertificationRequest(
                    (PKCS10CertificationRequest) parser.readObject());
        }
    }

    @Test
    void aCsrSignedWithAnAlgorithmTheNativeProviderLacksIsStillVerified() throws Exception {
        KeyPair requester = CsrModeTest.ec("secp256r1");
        String csr = CsrModeTest.pem(new JcaPKCS10CertificationRequestBuilder(
                CsrModeTest.name("alice"), requester.getPublic())
                .build(new JcaContentSignerBuilder("SHA3-256withECDSA")
                        .setProvider(BouncyCastle.PROVIDER).build(requester.getPrivate())));
        String tampered = csr.replace(csr.substring(100, 104), csr.substring(100, 104).equals("AAAA") ? "BBBB" : "AAAA");

        assertThat(new SigningRequests(CHOSEN).check(csr, "alice")).isInstanceOf(SigningRequests.Accepted.class);
        assertThat(new SigningRequests(FALLBACK).check(csr, "alice")).isInstanceOf(SigningRequests.Accepted.class);
        assertThat(new SigningRequests(CHOSEN).check(tampered, "alice")).isInstanceOf(SigningRequests.Refused.class);
    }

    /** The providers that make keys of {@code family} here: the native one when it loads, BouncyCastle, the JDK. */
    private static List<Provider> makers(String family) {
        List<Provider> makers = new ArrayList<>();
        if (CHOSEN.nativeLoaded()) {
            makers.add(CHOSEN.served(CryptoOperation.keyGeneration(family.equals("RSA"))).provider());
        }
        makers.add(BouncyCastle.PROVIDER);
        makers.add(Security.getProvider(family.equals("RSA") ? "SunRsaSign" : "SunEC"));
        return makers;
    }

    private static KeyPair generate(Provider provider, KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance(algorithm.family())
                    : KeyPairGenerator.getInstance(algorithm.family(), provider);
            if (algorithm.isRsa()) {
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.size(), RSAKeyGenParameterSpec.F4));
            } else {
                generator.initialize(new ECGenParameterSpec("secp" + algorithm.size() + "r1"));
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(Signature signature, PrivateKey key, byte[] data) throws Exception {
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    private static Issuer issuer(CaSettings settings, Path ca, MintJournal journal,
                                           CryptoProviders providers) {
        return InternalCaIssuer.create(settings, new RootCaSource.GeneratedIn(ca.resolve("root")),
                GroupCaStore.onDisk(ca.resolve("groups")), journal, null, CaObserver.NONE, KeyPool.NONE, providers,
                CaTestKit.DIRECT, clockAt(NOW));
    }

    private static IssuedCertificate issue(Issuer issuer, CertificateOrder order) {
        IssuanceResult result = issuer.issue(order).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(result).isInstanceOf(IssuanceResult.Issued.class);
        return ((IssuanceResult.Issued) result).certificate();
    }
}
