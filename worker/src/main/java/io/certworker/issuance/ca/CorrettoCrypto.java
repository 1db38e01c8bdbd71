package io.certworker.issuance.ca;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;

/**
 * Loads the Amazon Corretto Crypto Provider (ACCP, native AWS-LC), once per process. It is found by name because the
 * build bundles it only on Linux x86_64 and aarch64 (worker/pom.xml): elsewhere its class is absent, and the worker
 * must build and run without it. It is never installed JVM-wide; the CA asks it by reference, per operation.
 */
final class CorrettoCrypto {
    static final String CLASS_NAME = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private static NativeProvider loaded;

    private CorrettoCrypto() {
    }

    /** ACCP, or why it cannot be used here. */
    static synchronized NativeProvider load() {
        if (loaded == null) {
            loaded = attempt(CLASS_NAME);
        }
        return loaded;
    }

    /** The provider of the class {@code className}, if its native library loaded and it passes its health check. */
    static NativeProvider attempt(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return new NativeProvider.Unavailable("not in this build (a build on Linux x86_64 or aarch64 bundles it)",
                    false);
        }
        try {
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            // Throws when the native library did not load (another libc, no writable temporary directory, ...) or
            // a self-test failed.
            type.getMethod("assertHealthy").invoke(provider);
            return new NativeProvider.Loaded(provider);
        } catch (InvocationTargetException e) {
            return new NativeProvider.Unavailable(reason(e.getCause()), true);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new NativeProvider.Unavailable(reason(e), true);
        }
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
