package io.certworker.issuance.atlas;

import java.util.Objects;

/** How the worker authenticates to Atlas. {@link #toString()} never shows a secret. */
public sealed interface AtlasCredentials {

    /** A service account: OAuth2 client credentials exchanged for short-lived bearer tokens (Atlas's recommendation). */
    record ServiceAccount(String clientId, String clientSecret) implements AtlasCredentials {
        public ServiceAccount {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override
        public String toString() {
            return "ServiceAccount[clientId=" + clientId + ", clientSecret=(redacted)]";
        }
    }

    /** A programmatic API key pair, used with HTTP Digest: the public key as user, the private key as password. */
    record ApiKey(String publicKey, String privateKey) implements AtlasCredentials {
        public ApiKey {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "ApiKey[publicKey=" + publicKey + ", privateKey=(redacted)]";
        }
    }
}
