package io.certworker.issuance.ca;

import java.security.Provider;
import java.util.Objects;

/** The outcome of loading the native provider (ACCP): the provider, or why there is none. */
public sealed interface NativeProvider {

    /** It loaded and passed its own health check. */
    record Loaded(Provider provider) implements NativeProvider {
        public Loaded {
            Objects.requireNonNull(provider, "provider");
        }
    }

    /**
     * It cannot be used here.
     *
     * @param reason  why, for the operator
     * @param bundled whether this build carries it for this platform (so that failing to load is a fault to report)
     */
    record Unavailable(String reason, boolean bundled) implements NativeProvider {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
