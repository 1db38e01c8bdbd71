package io.certworker.issuance.ca.pkcs11;

import io.certworker.issuance.KeyAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKCS#11 token holding the CA keys, through the JDK's SunPKCS11 provider: keys are generated in it (token
 * objects, sensitive, not extractable), found in it by label (the PKCS#11 keystore's alias: a private key paired with
 * a certificate), and used in it to sign.
 *
 * <p>The token may go away while the worker runs (a network HSM restarts, a session is lost, a token is pulled). A
 * failing operation marks it lost: from then on signatures fail at once with {@link TokenUnavailableException}
 * (retryable) and {@link #isAvailable()} is false, until a background probe finds the token again: first by logging
 * in again, then, for libraries that only find tokens when initialised (SoftHSM2, p11-kit's client), by finalising
 * and initialising the library again. While the token is there the probe signs with the probe key every interval, so
 * a token lost while no request comes is noticed too.
 */
public final class Pkcs11Token implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);
    private static final AtomicInteger PROVIDERS = new AtomicInteger();
    private static final byte[] PROBE = "cert-worker token probe".getBytes(StandardCharsets.US_ASCII);

    private final Pkcs11Settings settings;
    /** Read: an operation on the token. Write: logging in again or initialising the library again. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService prober;
    private final AtomicInteger connections = new AtomicInteger();
    private Pkcs11Module module;
    private Path links;
    /** Null while the token is lost. */
    private volatile Connection connection;
    private volatile TokenKey probeKey;
    private volatile String probeAlgorithm;

    /** One login to the token through one provider instance; key objects belong to it. */
    private record Connection(int number, long slot, Provider provider, KeyStore keyStore) {
    }

    private Pkcs11Token(Pkcs11Settings settings, Pkcs11Module module) {
        this.settings = settings;
        this.module = module;
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pkcs11-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads the library, finds the token and logs in.
     *
     * @throws IllegalArgumentException naming the setting when the library, the token or the PIN is wrong
     * @throws IllegalStateException    when the JVM does not export the JDK's PKCS#11 wrapper, or the token fails
     */
    public static Pkcs11Token open(Pkcs11Settings settings) {
        Path library = settings.library();
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("ca.pkcs11.library: no PKCS#11 library at " + library);
        }
        Pkcs11Token token = new Pkcs11Token(settings, Pkcs11Module.load(library.toString()));
        token.connection = token.connect(token.module);
        long interval = settings.probeInterval().toMillis();
        token.prober.scheduleWithFixedDelay(token::probe, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Logged in to the PKCS#11 {} (slot {})", settings.tokenDescription(), token.connection.slot());
        return token;
    }

    /** The token as an operator would name it. */
    public String description() {
        return settings.tokenDescription();
    }

    /** False while the token is lost; then signatures fail at once and the token is looked for again. */
    public boolean isAvailable() {
        return connection != null;
    }

    /** The key the probe signs with to tell that the token works (the root's). */
    public void probeWith(TokenKey key, String signatureAlgorithm) {
        this.probeKey = key;
        this.probeAlgorithm = signatureAlgorithm;
    }

    /**
     * The key entry {@code label}: a private key with a certificate. Refused unless the key is sensitive and not
     * extractable.
     *
     * @throws IllegalArgumentException when the token holds no such entry, or its key could leave the token
     */
    public TokenKey key(String label) {
        TokenKey key = findKey(label);
        if (key == null) {
            // Some libraries (SoftHSM2) keep, per process, the attributes of objects another process created and
            // then named: only a fresh initialisation reads them again.
            readAfresh();
            key = findKey(label);
        }
        if (key == null) {
            throw new IllegalArgumentException("no key labelled '" + label + "' (a private key with a certificate "
                    + "of that label) in the PKCS#11 " + description());
        }
        return key;
    }

    private TokenKey findKey(String label) {
        return operate(connection -> {
            PrivateKey found = find(connection, label);
            if (found == null) {
                return null;
            }
            requireProtected(connection, label);
            TokenKey key = new TokenKey(this, label, found.getAlgorithm());
            key.handle(new TokenKey.Handle(connection.number(), found));
            return key;
        });
    }

    /** Initialises the library again and logs in: every object of the token read anew. */
    private void readAfresh() {
        lock.writeLock().lock();
        try {
            module = module.reinitialised(links());
            connection = checked(connect(module));
            LOG.info("Read the objects of the PKCS#11 {} afresh", description());
        } catch (RuntimeException | GeneralSecurityException e) {
            connection = null;
            throw new TokenUnavailableException("the PKCS#11 " + description() + " could not be read again: "
                    + rootMessage(e), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The certificate chain of the key entry {@code label}, as the token keeps it; empty when there is none. */
    public List<X509Certificate> certificateChain(String label) {
        return operate(connection -> {
            Certificate[] chain = connection.keyStore().getCertificateChain(label);
            if (chain == null) {
                return List.of();
            }
            return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
        });
    }

    /** The labels of the token's key entries, as read from the token now. */
    public List<String> labels() {
        return operate(connection -> Collections.list(reloaded(connection).aliases()).stream().sorted()
                .toList());
    }

    /** Whether the token holds an entry labelled {@code label}. */
    public boolean contains(String label) {
        return operate(connection -> connection.keyStore().containsAlias(label) || reloaded(connection)
                .containsAlias(label));
    }

    /**
     * A new key pair whose private key is generated in the token: a token object, sensitive, not extractable, that
     * only signs; an unnamed {@link TokenKey} until {@link #keep} gives it a label with its certificate.
     */
    public KeyPair generate(KeyAlgorithm algorithm) {
        return operate(connection -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.family(), connection.provider());
            if (algorithm.isRsa()) {
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.size(), RSAKeyGenParameterSpec.F4));
            } else {
                generator.initialize(new ECGenParameterSpec("secp" + algorithm.size() + "r1"));
            }
            KeyPair generated = generator.generateKeyPair();
            TokenKey key = new TokenKey(this, null, generated.getPrivate().getAlgorithm());
            key.handle(new TokenKey.Handle(connection.number(), generated.getPrivate()));
            return new KeyPair(generated.getPublic(), key);
        });
    }

    /**
     * Names a key made by {@link #generate}: stores {@code certificate} in the token and pairs the key with it under
     * {@code label} (both get it as CKA_ID, the certificate as CKA_LABEL too).
     */
    public TokenKey keep(String label, KeyPair generated, X509Certificate certificate) {
        TokenKey unnamed = (TokenKey) generated.getPrivate();
        return operate(connection -> {
            TokenKey.Handle handle = unnamed.handle();
            if (handle == null || handle.connection() != connection.number()) {
                throw new ProviderException("the token was lost since the key was generated");
            }
            connection.keyStore().setKeyEntry(label, handle.key(), null, new Certificate[] {certificate});
            requireProtected(connection, label);
            TokenKey key = new TokenKey(this, label, unnamed.getAlgorithm());
            key.handle(new TokenKey.Handle(connection.number(), find(connection, label)));
            return key;
        });
    }

    /**
     * Destroys the key and the certificate of an entry this worker made ({@link #keep}: both have the label as
     * CKA_ID); nothing else, and nothing when there is none.
     */
    public void delete(String label) {
        operate(connection -> {
            try {
                module.destroy(connection.slot(), label);
            } catch (Pkcs11Module.Pkcs11Failure e) {
                throw new ProviderException("cannot destroy the key '" + label + "': " + e.getMessage(), e);
            }
            reloaded(connection);
            return null;
        });
    }

    /** {@code data} signed with {@code key}; see {@link TokenKey#sign}. */
    byte[] sign(TokenKey key, String signatureAlgorithm, byte[] data) {
        return operate(connection -> {
            TokenKey.Handle handle = key.handle();
            if (handle == null || handle.connection() != connection.number()) {
                if (key.label() == null) {
                    throw new ProviderException("the token was lost since the key was generated");
                }
                PrivateKey found = find(connection, key.label());
                if (found == null) {
                    throw new IllegalStateException("the key '" + key.label() + "' is no longer in the PKCS#11 "
                            + description());
                }
                handle = new TokenKey.Handle(connection.number(), found);
                key.handle(handle);
            }
            Signature signature = Signature.getInstance(signatureAlgorithm, connection.provider());
            signature.initSign(handle.key());
            signature.update(data);
            return signature.sign();
        });
    }

    @Override
    public void close() {
        prober.shutdownNow();
        if (links != null) {
            try (var paths = Files.list(links)) {
                for (Path link : paths.toList()) {
                    Files.deleteIfExists(link);
                }
                Files.deleteIfExists(links);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", links, e.toString());
            }
        }
    }

    /** A private folder for the links {@link Pkcs11Module#reinitialised} needs. */
    private Path links() {
        if (links == null) {
            try {
                links = Files.createTempDirectory("cert-worker-pkcs11-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a temporary folder: " + e, e);
            }
        }
        return links;
    }

    private interface Operation<T> {
        T on(Connection connection) throws GeneralSecurityException;
    }

    /** Runs {@code operation} on the token, or fails at once when it is lost; a failing token is marked lost. */
    private <T> T operate(Operation<T> operation) {
        lock.readLock().lock();
        Connection current = connection;
        try {
            if (current == null) {
                throw new TokenUnavailableException("the PKCS#11 " + description() + " is unavailable; it is being "
                        + "looked for again", null);
            }
            return operation.on(current);
        } catch (GeneralSecurityException | ProviderException e) {
            lost(current, e);
            throw new TokenUnavailableException("the PKCS#11 " + description() + " failed: " + rootMessage(e), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void lost(Connection failed, Exception cause) {
        if (failed != null && connection == failed) {
            connection = null;
            LOG.warn("The PKCS#11 {} cannot be used ({}): signatures fail with a retryable error until it is back",
                    description(), rootMessage(cause));
        }
    }

    private void probe() {
        try {
            if (connection == null) {
                recover();
            } else if (probeKey != null) {
                sign(probeKey, probeAlgorithm, PROBE);
            }
        } catch (TokenUnavailableException e) {
            // marked lost; the next probe looks for it
        } catch (RuntimeException e) {
            LOG.warn("The PKCS#11 token probe failed: {}", e.toString());
        }
    }

    /** Logs in again; failing that, initialises the library again. The token is back once its probe key signs. */
    private void recover() {
        lock.writeLock().lock();
        try {
            Connection found;
            try {
                found = checked(connect(module));
            } catch (RuntimeException | GeneralSecurityException first) {
                module = module.reinitialised(links());
                found = checked(connect(module));
            }
            connection = found;
            LOG.info("The PKCS#11 {} is back (slot {}): signing again", description(), found.slot());
        } catch (RuntimeException | GeneralSecurityException e) {
            LOG.debug("The PKCS#11 {} is still unavailable: {}", description(), rootMessage(e));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Connection checked(Connection candidate) throws GeneralSecurityException {
        TokenKey key = probeKey;
        if (key != null) {
            PrivateKey found = find(candidate, key.label());
            if (found == null) {
                throw new IllegalStateException("no key " + key.label());
            }
            Signature signature = Signature.getInstance(probeAlgorithm, candidate.provider());
            signature.initSign(found);
            signature.update(PROBE);
            signature.sign();
        }
        return candidate;
    }

    /** A provider on the token's slot, logged in. */
    private Connection connect(Pkcs11Module library) {
        long slot = slot(library);
        Provider provider = Security.getProvider("SunPKCS11").configure("--" + providerConfiguration(library, slot));
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, settings.pin());
            return new Connection(connections.incrementAndGet(), slot, provider, keyStore);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("ca.pkcs11.pin (or ca.pkcs11.pin.file): the PKCS#11 "
                        + description() + " refused the PIN (" + rootMessage(e) + ")", e);
            }
            throw new IllegalStateException("cannot log in to the PKCS#11 " + description() + ": " + rootMessage(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the PKCS#11 " + description() + ": " + rootMessage(e), e);
        }
    }

    private long slot(Pkcs11Module library) {
        List<Pkcs11Module.Slot> slots;
        try {
            slots = library.slots();
        } catch (Pkcs11Module.Pkcs11Failure e) {
            throw new IllegalStateException("cannot list the tokens of " + settings.library() + ": " + e.getMessage(), e);
        }
        for (Pkcs11Module.Slot slot : slots) {
            if (settings.tokenLabel() != null ? slot.label().equals(settings.tokenLabel()) : slot.id() == settings.slot()) {
                return slot.id();
            }
        }
        String tokens = slots.stream().map(slot -> "slot " + slot.id() + " '" + slot.label() + "'").toList().toString();
        throw new IllegalArgumentException(settings.tokenLabel() != null
                ? "ca.pkcs11.token.label: no token labelled '" + settings.tokenLabel() + "' in " + settings.library()
                        + "; its tokens: " + tokens
                : "ca.pkcs11.slot: no token in slot " + settings.slot() + " of " + settings.library() + "; its tokens: "
                        + tokens);
    }

    /**
     * SunPKCS11's configuration: the slot, and the attributes of generated keys. The private key is a token object
     * that never leaves the token and only signs; the public key a session object (the certificate carries it).
     */
    private static String providerConfiguration(Pkcs11Module library, long slot) {
        return "name = cert-worker-" + PROVIDERS.incrementAndGet() + "\n"
                + "library = \"" + library.path() + "\"\n"
                + "slot = " + slot + "\n"
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
                + "  CKA_SIGN = true\n  CKA_DECRYPT = false\n}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = false\n}\n";
    }

    /** The private key of entry {@code label}, reading the token's objects again once if it is not known yet. */
    private static PrivateKey find(Connection connection, String label) throws GeneralSecurityException {
        Key key = connection.keyStore().getKey(label, null);
        if (key == null) {
            key = reloaded(connection).getKey(label, null);
        }
        return key instanceof PrivateKey privateKey ? privateKey : null;
    }

    /** The keystore with the token's objects read again: entries another instance created since it was loaded. */
    private static KeyStore reloaded(Connection connection) throws GeneralSecurityException {
        try {
            connection.keyStore().load(null, null); // logged in already: reads the token's objects again
            return connection.keyStore();
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read the token's objects: " + rootMessage(e), e);
        }
    }

    private void requireProtected(Connection connection, String label) {
        Pkcs11Module.KeyProtection protection;
        try {
            protection = module.protection(connection.slot(), label);
        } catch (Pkcs11Module.Pkcs11Failure e) {
            throw new ProviderException("cannot read the attributes of the key '" + label + "': " + e.getMessage(), e);
        }
        if (protection == null) {
            throw new IllegalArgumentException("no key labelled '" + label + "' in the PKCS#11 " + description());
        }
        if (protection.extractable() || !protection.sensitive()) {
            throw new IllegalArgumentException("the key '" + label + "' in the PKCS#11 " + description() + " can leave "
                    + "the token (CKA_EXTRACTABLE=" + protection.extractable() + ", CKA_SENSITIVE="
                    + protection.sensitive() + "): the CA uses only keys that are sensitive and not extractable");
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + ": " + cause;
    }
}
