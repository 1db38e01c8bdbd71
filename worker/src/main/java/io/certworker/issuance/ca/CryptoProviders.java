package io.certworker.issuance.ca;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JCA provider serves each {@link CryptoOperation} of the internal CA, decided once at start-up from what loaded
 * and what {@code crypto.provider} asks for. The choice follows the measurements in docs/benchmarks.md:
 *
 * <ul>
 *   <li>the Amazon Corretto Crypto Provider (ACCP, native AWS-LC), where it loads, for key generation, RSA signatures
 *       and CSR verification: several times faster than the JDK and BouncyCastle;</li>
 *   <li>CA signatures with EC keys always BouncyCastle's deterministic ECDSA (RFC 6979): a certificate signed again
 *       from its draft after a crash must be the very same bytes, and ACCP's ECDSA draws a random nonce. RSA
 *       PKCS#1 v1.5 signatures are deterministic with any provider;</li>
 *   <li>without ACCP (not bundled for this platform, failed to load, or {@code crypto.provider=jdk}): the JDK for RSA
 *       and BouncyCastle for EC, the faster of those two here.</li>
 * </ul>
 */
public final class CryptoProviders {
    /** {@code crypto.provider}: ACCP where it loads, else the JDK's and BouncyCastle's providers. */
    public static final String AUTO = "auto";
    /** {@code crypto.provider}: ACCP, and refuse to start without it. */
    public static final String ACCP = "accp";
    /** {@code crypto.provider}: the JDK's and BouncyCastle's providers only; ACCP is not even loaded. */
    public static final String JDK = "jdk";
    /** Every value of {@code crypto.provider}. */
    public static final List<String> CHOICES = List.of(AUTO, ACCP, JDK);

    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
    private static final Served BOUNCY_CASTLE = new Served("bouncycastle", BouncyCastle.PROVIDER);
    /** The JDK's own lookup ({@code getInstance(algorithm)}), as before ACCP: SunRsaSign for RSA. */
    private static final Served JDK_LOOKUP = new Served("jdk", null);
    private static CryptoProviders automatic;

    private final String choice;
    private final NativeProvider nativeProvider;
    private final Map<CryptoOperation, Served> served;

    /**
     * The provider that serves an operation, by its short name in metrics ({@code accp}, {@code jdk},
     * {@code bouncycastle}); {@code provider} null means the JDK's own lookup by algorithm name.
     */
    record Served(String name, Provider provider) {
        KeyPairGenerator keyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
            return provider == null ? KeyPairGenerator.getInstance(algorithm)
                    : KeyPairGenerator.getInstance(algorithm, provider);
        }

        Signature signature(String algorithm) throws NoSuchAlgorithmException {
            return provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        }
    }

    private CryptoProviders(String choice, NativeProvider nativeProvider) {
        this.choice = choice;
        this.nativeProvider = nativeProvider;
        Map<CryptoOperation, Served> chosen = new EnumMap<>(CryptoOperation.class);
        if (nativeProvider instanceof NativeProvider.Loaded loaded) {
            Served accp = new Served("accp", loaded.provider());
            chosen.put(CryptoOperation.RSA_KEY_GENERATION, accp);
            chosen.put(CryptoOperation.EC_KEY_GENERATION, accp);
            chosen.put(CryptoOperation.RSA_SIGNATURE, accp);
            chosen.put(CryptoOperation.CSR_VERIFICATION, accp);
        } else {
            chosen.put(CryptoOperation.RSA_KEY_GENERATION, JDK_LOOKUP);
            chosen.put(CryptoOperation.EC_KEY_GENERATION, BOUNCY_CASTLE);
            chosen.put(CryptoOperation.RSA_SIGNATURE, JDK_LOOKUP);
            chosen.put(CryptoOperation.CSR_VERIFICATION, BOUNCY_CASTLE);
        }
        chosen.put(CryptoOperation.ECDSA_SIGNATURE, BOUNCY_CASTLE); // deterministic: see the class comment
        this.served = Collections.unmodifiableMap(chosen);
    }

    /**
     * The providers {@code choice} (a {@code crypto.provider} value) asks for, logged in one line.
     *
     * @throws IllegalArgumentException for an unknown choice
     * @throws IllegalStateException    when the choice is {@link #ACCP} and ACCP cannot be used here
     */
    public static CryptoProviders select(String choice) {
        CryptoProviders providers = select(choice, CorrettoCrypto::load);
        providers.log();
        return providers;
    }

    /** As {@link #select(String)}, with {@code loader} loading the native provider; nothing logged. */
    static CryptoProviders select(String choice, Supplier<NativeProvider> loader) {
        String normalized = choice.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case JDK -> new CryptoProviders(JDK, new NativeProvider.Unavailable("crypto.provider=jdk", false));
            case AUTO -> new CryptoProviders(AUTO, loader.get());
            case ACCP -> {
                NativeProvider loaded = loader.get();
                if (loaded instanceof NativeProvider.Unavailable unavailable) {
                    throw new IllegalStateException("crypto.provider=accp, but the Amazon Corretto Crypto Provider "
                            + "cannot be used here: " + unavailable.reason() + ". Set crypto.provider=auto to use "
                            + "the JDK's and BouncyCastle's providers instead.");
                }
                yield new CryptoProviders(ACCP, loaded);
            }
            default -> throw new IllegalArgumentException("unknown crypto provider '" + choice + "'; expected one of "
                    + String.join(", ", CHOICES));
        };
    }

    /** The {@link #AUTO} choice, made once per process: for tools and tests that do not configure one. */
    public static synchronized CryptoProviders automatic() {
        if (automatic == null) {
            automatic = select(AUTO);
        }
        return automatic;
    }

    /** The short name of the provider serving each operation ({@code accp}, {@code jdk}, {@code bouncycastle}). */
    public Map<CryptoOperation, String> inUse() {
        Map<CryptoOperation, String> names = new EnumMap<>(CryptoOperation.class);
        served.forEach((operation, provider) -> names.put(operation, provider.name()));
        return Collections.unmodifiableMap(names);
    }

    /** The short name of the provider serving {@code operation}. */
    public String inUse(CryptoOperation operation) {
        return served.get(operation).name();
    }

    /** Whether the native provider serves anything. */
    public boolean nativeLoaded() {
        return nativeProvider instanceof NativeProvider.Loaded;
    }

    /** The native provider (ACCP) when it loaded and was not opted out of: for measuring it. */
    public Optional<Provider> nativeProvider() {
        return nativeProvider instanceof NativeProvider.Loaded loaded ? Optional.of(loaded.provider()) : Optional.empty();
    }

    /** The {@code crypto.provider} value this choice was made from. */
    public String choice() {
        return choice;
    }

    /** One line for the operator: the choice, each operation's provider, and why ACCP is not used if it is not. */
    public String describe() {
        String operations = served.entrySet().stream()
                .map(entry -> entry.getKey().description() + " " + entry.getValue().name()
                        + (entry.getKey() == CryptoOperation.ECDSA_SIGNATURE ? " (deterministic, RFC 6979)" : ""))
                .collect(Collectors.joining(", "));
        String nativePart = nativeProvider instanceof NativeProvider.Loaded loaded
                ? loaded.provider().getInfo()
                : "ACCP not used: " + ((NativeProvider.Unavailable) nativeProvider).reason();
        return "Crypto providers (crypto.provider=" + choice + "): " + operations + "; " + nativePart;
    }

    Served served(CryptoOperation operation) {
        return served.get(operation);
    }

    private void log() {
        if (nativeProvider instanceof NativeProvider.Unavailable unavailable && unavailable.bundled()) {
            // Bundled for this platform but it did not load: the worker runs, slower, and the operator should know.
            LOG.warn("The Amazon Corretto Crypto Provider is bundled but did not load: {}", unavailable.reason());
        }
        LOG.info(describe());
    }
}
