package io.certworker.issuance.ca.pkcs11;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Looks into a token from a process of its own (SOFTHSM2_CONF is per process, and a library sees tokens made after it
 * was initialised only once initialised again), for tests: {@code labels}, the PKCS#11 {@code attributes} of a key,
 * or {@code import-extractable}: a software key imported as an extractable key entry, which the CA must refuse.
 * Arguments: library, token label, PIN, command, [key label]. Prints one line per answer.
 */
public final class TokenInspector {
    private TokenInspector() {
    }

    public static void main(String[] args) throws Exception {
        Pkcs11Settings settings = new Pkcs11Settings(Path.of(args[0]), args[1], -1, args[2].toCharArray(),
                Duration.ofHours(1));
        String command = args[3];
        try (Pkcs11Token token = Pkcs11Token.open(settings)) {
            switch (command) {
                case "labels" -> token.labels().forEach(label -> System.out.println("label " + label));
                case "attributes" -> {
                    Pkcs11Module module = Pkcs11Module.load(args[0]);
                    long slot = module.slots().stream().filter(s -> s.label().equals(args[1])).findFirst()
                            .orElseThrow().id();
                    Pkcs11Module.KeyProtection protection = module.protection(slot, args[4]);
                    System.out.println("attributes " + (protection == null ? "none" : "CKA_SENSITIVE="
                            + protection.sensitive() + " CKA_EXTRACTABLE=" + protection.extractable()
                            + " CKA_ALWAYS_SENSITIVE=" + protection.alwaysSensitive() + " CKA_NEVER_EXTRACTABLE="
                            + protection.neverExtractable()));
                }
                case "import-extractable" -> importExtractable(args[0], args[1], args[2], args[4]);
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
    }

    /** A root made in software and imported with CKA_EXTRACTABLE=true, as a careless import would leave it. */
    private static void importExtractable(String library, String tokenLabel, String pin, String label)
            throws Exception {
        Pkcs11Module module = Pkcs11Module.load(library);
        long slot = module.slots().stream().filter(s -> s.label().equals(tokenLabel)).findFirst().orElseThrow().id();
        Provider provider = Security.getProvider("SunPKCS11").configure("--name = inspector\nlibrary = " + library
                + "\nslot = " + slot + "\nattributes(import, CKO_PRIVATE_KEY, *) = {\n  CKA_SENSITIVE = false\n"
                + "  CKA_EXTRACTABLE = true\n}\n");
        KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
        keyStore.load(null, pin.toCharArray());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=careless import");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.TEN, new Date(), new Date(System.currentTimeMillis() + 86_400_000L), name,
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        keyStore.setKeyEntry(label, keys.getPrivate(), null, new Certificate[] {certificate});
        System.out.println("imported " + label);
    }
}
