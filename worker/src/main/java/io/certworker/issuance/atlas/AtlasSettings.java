package io.certworker.issuance.atlas;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the worker talks to Atlas.
 *
 * @param baseUrl                 Atlas, {@code https://cloud.mongodb.com}, or any Atlas-compatible server
 * @param credentials             a service account or an API key pair
 * @param apiVersion              the versioned media type's date, {@code 2023-01-01}
 * @param connectTimeout          how long to wait for a connection
 * @param requestTimeout          how long to wait for an answer to one call
 * @param retry                   how transient failures are retried
 * @param rateLimitCapacity       per-project burst the worker allows itself (Atlas: 1200)
 * @param rateLimitRefillPerMinute per-project sustained rate the worker allows itself (Atlas: 500 per minute)
 * @param maxConnections          calls to Atlas in flight at once
 */
public record AtlasSettings(
        URI baseUrl,
        AtlasCredentials credentials,
        String apiVersion,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        int rateLimitCapacity,
        int rateLimitRefillPerMinute,
        int maxConnections) {

    public AtlasSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
    }

    /** {@code application/vnd.atlas.<version>+json}, sent as Accept and Content-Type. */
    public String mediaType() {
        return "application/vnd.atlas." + apiVersion + "+json";
    }
}
