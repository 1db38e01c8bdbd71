package io.certworker.bench;

import java.io.PrintStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Key generation and signing time of the JDK's providers against BouncyCastle's, for each key type: the measurement
 * behind the worker's choice (JDK for RSA, BouncyCastle for EC).
 */
public final class ProviderComparison {
    private ProviderComparison() {
    }

    public static void print(PrintStream out) throws Exception {
        Provider bc = new BouncyCastleProvider();
        out.println("| Key | Provider | Key pair (ms) | Signature (ms) |");
        out.println("|---|---|---|---|");
        for (String key : new String[] {"RSA-2048", "RSA-4096", "EC-P256", "EC-P384"}) {
            boolean rsa = key.startsWith("RSA");
            for (Provider provider : new Provider[] {Security.getProvider(rsa ? "SunRsaSign" : "SunEC"), bc}) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC", provider);
                if (rsa) {
                    generator.initialize(Integer.parseInt(key.substring(4)));
                } else {
                    generator.initialize(new ECGenParameterSpec("secp" + key.substring(4) + "r1"));
                }
                int pairs = key.equals("RSA-4096") ? 8 : rsa ? 30 : 2000;
                KeyPair keyPair = null;
                for (int i = 0; i < pairs / 4; i++) {
                    keyPair = generator.generateKeyPair();
                }
                long started = System.nanoTime();
                for (int i = 0; i < pairs; i++) {
                    keyPair = generator.generateKeyPair();
                }
                double pairMillis = (System.nanoTime() - started) / 1e6 / pairs;
                String algorithm = rsa ? "SHA256withRSA" : key.equals("EC-P384") ? "SHA384withECDSA" : "SHA256withECDSA";
                Signature signature = Signature.getInstance(algorithm, provider);
                byte[] data = new byte[700];
                int signatures = key.equals("RSA-4096") ? 200 : rsa ? 800 : 3000;
                for (int i = 0; i < signatures / 4; i++) {
                    sign(signature, keyPair, data);
                }
                started = System.nanoTime();
                for (int i = 0; i < signatures; i++) {
                    sign(signature, keyPair, data);
                }
                double signMillis = (System.nanoTime() - started) / 1e6 / signatures;
                out.printf("| %s | %s | %.3f | %.3f |%n", key, provider.getName(), pairMillis, signMillis);
            }
        }
    }

    private static void sign(Signature signature, KeyPair keyPair, byte[] data) throws Exception {
        signature.initSign(keyPair.getPrivate());
        signature.update(data);
        signature.sign();
    }
}
