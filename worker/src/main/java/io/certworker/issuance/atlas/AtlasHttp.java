package io.certworker.issuance.atlas;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 (async), configured for Atlas: bounded connections and timeouts, no automatic retries or
 * redirects (retrying is the issuer's decision), and, for an API key pair, the library's own HTTP Digest (MD5,
 * qop=auth) answering Atlas's challenge.
 */
final class AtlasHttp implements AutoCloseable {
    /** One HTTP answer: status, the headers we read, and the body as text. */
    record Answer(int status, String contentType, String retryAfter, String body) {
    }

    private final CloseableHttpAsyncClient client;

    AtlasHttp(AtlasSettings settings) {
        Duration timeout = settings.requestTimeout();
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(timeout))
                        .build())
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setUserAgent("cert-worker");
        if (settings.credentials() instanceof AtlasCredentials.ApiKey apiKey) {
            URI base = settings.baseUrl();
            CredentialsProvider credentials = CredentialsProviderBuilder.create()
                    .add(new AuthScope(base.getHost(), port(base)), apiKey.publicKey(), apiKey.privateKey().toCharArray())
                    .build();
            builder.setDefaultCredentialsProvider(credentials);
        }
        client = builder.build();
        client.start();
    }

    CompletableFuture<Answer> send(SimpleHttpRequest request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        client.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                answer.complete(new Answer(response.getCode(),
                        response.getContentType() == null ? null : response.getContentType().getMimeType(),
                        response.getFirstHeader("Retry-After") == null ? null
                                : response.getFirstHeader("Retry-After").getValue(),
                        response.getBodyText() == null ? "" : response.getBodyText()));
            }

            @Override
            public void failed(Exception e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new CancellationException("call cancelled"));
            }
        });
        return answer;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
