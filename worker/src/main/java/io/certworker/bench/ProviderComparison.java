package io.certworker.bench;

import io.certworker.issuance.ca.CryptoOperation;
import io.certworker.issuance.ca.CryptoProviders;
import java.io.PrintStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Each provider's rate for each operation the internal CA performs, per second of one thread's CPU time (plain JCA
 * loops, each timed for at least a CPU second after a warm-up; {@link CpuTimedLoop}): the measurement behind
 * {@link CryptoProviders}' choice, printed with the provider in use for each operation, and what one request's crypto
 * costs with the providers in use and with the fallback.
 */
public final class ProviderComparison {
    private static final byte[] TO_BE_SIGNED = new byte[700]; // about a client certificate's to-be-signed part

    /** Makes a row's operation for one provider; throws NoSuchAlgorithmException where the provider lacks it. */
    @FunctionalInterface
    private interface Setup {
        CpuTimedLoop.Operation prepare(Provider provider) throws Exception;
    }

    /**
     * One operation to measure.
     *
     * @param servedBy the operation of {@link CryptoProviders} it stands for, or null when the CA never does it
     * @param family   {@code RSA} or {@code EC}: which of the JDK's providers to measure
     * @param minimum  operations timed at least, however long they take (RSA key generation is slow and uneven)
     */
    private record Row(String name, CryptoOperation servedBy, String family, int minimum, Setup setup) {
    }

    /** A column: a provider by its short name, with its RSA and EC implementations. */
    private record Column(String name, String title, Provider rsa, Provider ec) {
        Provider forFamily(String family) {
            return family.equals("RSA") ? rsa : ec;
        }
    }

    private final CryptoProviders inUse;
    private final PrintStream progress;
    private final List<Column> columns = new ArrayList<>();
    private final Map<String, Map<String, Double>> rates = new HashMap<>();

    public ProviderComparison(CryptoProviders inUse, PrintStream progress) {
        this.inUse = inUse;
        this.progress = progress;
        CryptoProviders.automatic().nativeProvider().ifPresent(accp ->
                columns.add(new Column("accp", "ACCP " + accp.getVersionStr(), accp, accp)));
        columns.add(new Column("jdk", "JDK " + System.getProperty("java.version"), Security.getProvider("SunRsaSign"),
                Security.getProvider("SunEC")));
        Provider bc = new BouncyCastleProvider();
        columns.add(new Column("bouncycastle", "BouncyCastle " + bc.getVersionStr(), bc, bc));
    }

    /** Measures every row and prints the two tables. */
    public void print(PrintStream out) throws Exception {
        List<Row> rows = rows();
        for (Row row : rows) {
            progress.println("Providers: " + row.name());
            Map<String, Double> byProvider = new HashMap<>();
            for (Column column : columns) {
                Double rate = measure(row, column.forFamily(row.family()));
                if (rate != null) {
                    byProvider.put(column.name(), rate);
                }
            }
            rates.put(row.name(), byProvider);
        }
        out.println("### Providers, one core (operations per second of one thread's CPU time)");
        out.println();
        StringBuilder header = new StringBuilder("| Operation |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Column column : columns) {
            header.append(' ').append(column.title()).append(" |");
            rule.append("---|");
        }
        out.println(header.append(" In use (crypto.provider=").append(inUse.choice()).append(") |"));
        out.println(rule.append("---|"));
        for (Row row : rows) {
            StringBuilder line = new StringBuilder("| ").append(row.name()).append(" |");
            for (Column column : columns) {
                Double rate = rates.get(row.name()).get(column.name());
                line.append(' ').append(rate == null ? "—" : rate(rate)).append(" |");
            }
            out.println(line.append(' ').append(row.servedBy() == null ? "not used" : inUse.inUse(row.servedBy()))
                    .append(" |"));
        }
        out.println();
        printRequestCosts(out);
        new RequestCost(progress).print(out, inUse);
    }

    /** One request's crypto on one core: the sum of its operations' mean times, in use and with the fallback. */
    private void printRequestCosts(PrintStream out) {
        CryptoProviders fallback = CryptoProviders.select(CryptoProviders.JDK);
        out.println("### One request's crypto, one core (mean CPU ms, the sum of its operations above)");
        out.println();
        out.println("| Request | In use | ms | Fallback (crypto.provider=jdk) | ms |");
        out.println("|---|---|---|---|---|");
        requestCost(out, "P-256 key + P-256 CA signature", fallback,
                new String[] {"EC P-256 key pair", "ECDSA P-256 signature, deterministic (RFC 6979)"},
                new CryptoOperation[] {CryptoOperation.EC_KEY_GENERATION, CryptoOperation.ECDSA_SIGNATURE});
        requestCost(out, "P-256 CSR check + P-256 CA signature", fallback,
                new String[] {"ECDSA P-256 verification", "ECDSA P-256 signature, deterministic (RFC 6979)"},
                new CryptoOperation[] {CryptoOperation.CSR_VERIFICATION, CryptoOperation.ECDSA_SIGNATURE});
        requestCost(out, "pooled RSA-4096 key + RSA-4096 CA signature", fallback,
                new String[] {"RSA-4096 signature"}, new CryptoOperation[] {CryptoOperation.RSA_SIGNATURE});
        requestCost(out, "RSA-4096 key (no pool) + P-256 CA signature", fallback,
                new String[] {"RSA-4096 key pair", "ECDSA P-256 signature, deterministic (RFC 6979)"},
                new CryptoOperation[] {CryptoOperation.RSA_KEY_GENERATION, CryptoOperation.ECDSA_SIGNATURE});
        out.println();
    }

    private void requestCost(PrintStream out, String request, CryptoProviders fallback, String[] rowNames,
                             CryptoOperation[] operations) {
        out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", request, names(inUse, operations),
                millis(inUse, rowNames, operations), names(fallback, operations),
                millis(fallback, rowNames, operations));
    }

    private static String names(CryptoProviders providers, CryptoOperation[] operations) {
        List<String> names = new ArrayList<>();
        for (CryptoOperation operation : operations) {
            names.add(providers.inUse(operation));
        }
        return String.join(" + ", names);
    }

    private String millis(CryptoProviders providers, String[] rowNames, CryptoOperation[] operations) {
        double total = 0;
        for (int i = 0; i < rowNames.length; i++) {
            Double rate = rates.get(rowNames[i]).get(providers.inUse(operations[i]));
            if (rate == null) {
                return "—";
            }
            total += 1000 / rate;
        }
        return String.format(Locale.ROOT, total >= 100 ? "%.0f" : "%.3f", total);
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // RSA key generation time varies a lot from key to key (a search for primes): more keys, less noise.
        rows.add(new Row("RSA-4096 key pair", CryptoOperation.RSA_KEY_GENERATION, "RSA", 12, keyPair("RSA", 4096)));
        rows.add(new Row("RSA-2048 key pair", CryptoOperation.RSA_KEY_GENERATION, "RSA", 40, keyPair("RSA", 2048)));
        rows.add(new Row("EC P-256 key pair", CryptoOperation.EC_KEY_GENERATION, "EC", 50, keyPair("EC", 256)));
        rows.add(new Row("EC P-384 key pair", CryptoOperation.EC_KEY_GENERATION, "EC", 50, keyPair("EC", 384)));
        rows.add(new Row("RSA-4096 signature", CryptoOperation.RSA_SIGNATURE, "RSA", 50,
                signature("RSA", 4096, "SHA256withRSA")));
        rows.add(new Row("RSA-2048 signature", CryptoOperation.RSA_SIGNATURE, "RSA", 50,
                signature("RSA", 2048, "SHA256withRSA")));
        rows.add(new Row("ECDSA P-256 signature, deterministic (RFC 6979)", CryptoOperation.ECDSA_SIGNATURE, "EC", 50,
                signature("EC", 256, "SHA256withECDDSA")));
        rows.add(new Row("ECDSA P-256 signature, random nonce", null, "EC", 50,
                signature("EC", 256, "SHA256withECDSA")));
        rows.add(new Row("ECDSA P-384 signature, deterministic (RFC 6979)", CryptoOperation.ECDSA_SIGNATURE, "EC", 50,
                signature("EC", 384, "SHA384withECDDSA")));
        rows.add(new Row("ECDSA P-256 verification", CryptoOperation.CSR_VERIFICATION, "EC", 50,
                verification("EC", 256, "SHA256withECDSA")));
        rows.add(new Row("RSA-2048 verification", CryptoOperation.CSR_VERIFICATION, "RSA", 50,
                verification("RSA", 2048, "SHA256withRSA")));
        return rows;
    }

    /** Operations per CPU second of this thread, or null when the provider lacks the algorithm. */
    private static Double measure(Row row, Provider provider) throws Exception {
        CpuTimedLoop.Operation operation;
        try {
            operation = row.setup().prepare(provider);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
        return CpuTimedLoop.rate(operation, row.minimum());
    }

    private static Setup keyPair(String family, int size) {
        return provider -> {
            KeyPairGenerator generator = generator(provider, family, size);
            return generator::generateKeyPair;
        };
    }

    private static Setup signature(String family, int size, String algorithm) {
        return provider -> {
            Signature signature = Signature.getInstance(algorithm, provider);
            KeyPair keys = generator(provider, family, size).generateKeyPair();
            return () -> {
                signature.initSign(keys.getPrivate());
                signature.update(TO_BE_SIGNED);
                signature.sign();
            };
        };
    }

    private static Setup verification(String family, int size, String algorithm) {
        return provider -> {
            Signature signature = Signature.getInstance(algorithm, provider);
            KeyPair keys = generator(provider, family, size).generateKeyPair();
            signature.initSign(keys.getPrivate());
            signature.update(TO_BE_SIGNED);
            byte[] signed = signature.sign();
            return () -> {
                signature.initVerify(keys.getPublic());
                signature.update(TO_BE_SIGNED);
                if (!signature.verify(signed)) {
                    throw new IllegalStateException(provider.getName() + " did not verify its own signature");
                }
            };
        };
    }

    private static KeyPairGenerator generator(Provider provider, String family, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(family, provider);
        if (family.equals("RSA")) {
            generator.initialize(new RSAKeyGenParameterSpec(size, RSAKeyGenParameterSpec.F4));
        } else {
            generator.initialize(new ECGenParameterSpec("secp" + size + "r1"));
        }
        return generator;
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : perSecond >= 10 ? "%.1f" : "%.2f", perSecond);
    }
}
