package io.certworker.issuance.atlas;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.Minter;
import io.certworker.issuance.Preparation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues certificates through Atlas's Admin API. Each order is one {@code POST .../certs} call, repeated only for
 * transient faults (429, 5xx, timeouts, connection failures) with exponential backoff and full jitter, never sooner
 * than Atlas's {@code Retry-After}, within the retry policy's attempt and time budget. Calls wait on a scheduler,
 * never on a thread, so a project that Atlas is slowing down holds up nobody else.
 *
 * <p>A 201 is final: its certificate is answered, and nothing here ever repeats a call that was answered 201. As a
 * {@link Minter}, each request's draft is journaled before its first call (it holds no secret: Atlas makes the key); a
 * request found with a draft after a crash is not sent again (Atlas may have minted a certificate whose key is lost)
 * but answered {@code ISSUANCE_INTERRUPTED}.
 */
public final class AtlasIssuer implements Minter<Void>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AtlasIssuer.class);

    private final AtlasSettings settings;
    private final AtlasObserver observer;
    private final AtlasHttp http;
    private final AtlasAnswers answers;
    private final ServiceAccountTokens tokens;
    private final ProjectRateLimits rateLimits;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public AtlasIssuer(AtlasSettings settings, Clock clock) {
        this(settings, AtlasObserver.NONE, clock);
    }

    /** As {@link #AtlasIssuer(AtlasSettings, Clock)}, reporting every call and retry to {@code observer}. */
    public AtlasIssuer(AtlasSettings settings, AtlasObserver observer, Clock clock) {
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
        this.http = new AtlasHttp(settings);
        this.answers = new AtlasAnswers(settings.baseUrl(), settings.requestTimeout(), clock);
        this.tokens = settings.credentials() instanceof AtlasCredentials.ServiceAccount account
                ? new ServiceAccountTokens(http, answers, settings.baseUrl(), account, clock) : null;
        this.rateLimits = new ProjectRateLimits(settings.rateLimitCapacity(), settings.rateLimitRefillPerMinute(), clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "atlas-retries");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return AtlasPem.ISSUER;
    }

    /** Nothing to decide beforehand (Atlas decides everything), except refusing a CSR: Atlas makes its own keys. */
    @Override
    public CompletionStage<Preparation<Void>> prepare(CertificateOrder order) {
        if (order.csr() != null) {
            return CompletableFuture.completedFuture(new Preparation.Refused<>(ErrorCode.INVALID_ATTRIBUTE.error(
                    List.of(new FieldError("csr", "csr is not supported by the Atlas issuer: Atlas makes the key "
                            + "pair")), "csr")));
        }
        return CompletableFuture.completedFuture(new Preparation.Prepared<>(null, new byte[0]));
    }

    @Override
    public CompletionStage<IssuanceResult> mint(CertificateOrder order, Void nothing) {
        Call call = new Call(order);
        call.next(Duration.ZERO);
        return call.result;
    }

    /** A request interrupted mid-call is not sent again: Atlas may have minted a certificate whose key is lost. */
    @Override
    public CompletionStage<IssuanceResult> resume(CertificateOrder order, byte[] secret) {
        return CompletableFuture.completedFuture(new IssuanceResult.Refused(ErrorCode.ISSUANCE_INTERRUPTED.error()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
    }

    /** The calls made for one order, until it is answered. */
    private final class Call {
        final CertificateOrder order;
        final CompletableFuture<IssuanceResult> result = new CompletableFuture<>();
        final Instant deadline;
        int attempts;
        boolean tokenRefreshed;
        AtlasApiError lastError;

        Call(CertificateOrder order) {
            this.order = order;
            this.deadline = clock.instant().plus(settings.retry().budget());
        }

        /** Schedules the next call after {@code backoff}; the call then waits for the project's rate limit. */
        void next(Duration backoff) {
            boolean outOfAttempts = attempts >= settings.retry().maxAttempts();
            if (lastError != null && (outOfAttempts || clock.instant().plus(backoff).isAfter(deadline))) {
                LOG.warn("Giving up on request {} after {} calls to Atlas: {} {}", order.requestId(), attempts,
                        lastError.status(), lastError.errorCode());
                result.complete(new IssuanceResult.Refused(lastError.asRetryable()));
                return;
            }
            try {
                scheduler.schedule(this::call, backoff.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new IllegalStateException("the Atlas issuer is closed", e));
            }
        }

        void call() {
            attempts++;
            CompletableFuture<String> bearer = tokens == null ? CompletableFuture.completedFuture(null) : tokens.token();
            bearer.thenCompose(token -> withinBudget().thenCompose(ready -> http.send(request(token)))
                            .thenApply(answer -> new Sent(token, answer)))
                    .whenComplete((sent, failure) -> {
                        try {
                            decide(sent, failure);
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    });
        }

        /**
         * Completes when the project's budget allows the call. Reserved only once the token is in hand, right before
         * sending: reserved earlier, a first call slowed by the token fetch would reach Atlas later than its budget
         * assumed, and the next call early enough for Atlas to refuse it.
         */
        CompletableFuture<Void> withinBudget() {
            Duration wait = rateLimits.reserve(order.groupId());
            if (wait.isZero()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> allowed = new CompletableFuture<>();
            try {
                scheduler.schedule(() -> allowed.complete(null), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                allowed.completeExceptionally(new IllegalStateException("the Atlas issuer is closed", e));
            }
            return allowed;
        }

        void decide(Sent sent, Throwable failure) {
            AtlasAnswers.Decision decision = failure != null ? answers.of(failure) : answers.of(sent.answer());
            String status = sent != null ? Integer.toString(sent.answer().status()) : failureKind(decision);
            if (sent != null || !(decision instanceof AtlasAnswers.Refuse)) {
                observer.called(status);
            }
            if (decision instanceof AtlasAnswers.Issued issued) {
                result.complete(new IssuanceResult.Issued(issued.certificate()));
            } else if (decision instanceof AtlasAnswers.Refuse refuse) {
                if (refuse.error().status() == 401 && sent != null && sent.token() != null && !tokenRefreshed) {
                    // The token may have expired or been revoked early: one more call with a fresh one.
                    tokenRefreshed = true;
                    tokens.invalidate(sent.token());
                    lastError = refuse.error();
                    next(Duration.ZERO);
                    return;
                }
                result.complete(new IssuanceResult.Refused(refuse.error()));
            } else {
                AtlasAnswers.Retry retry = (AtlasAnswers.Retry) decision;
                lastError = retry.error();
                observer.retried(status);
                if (retry.error().status() == 429 && retry.retryAfter() != null) {
                    rateLimits.pauseUntil(order.groupId(), clock.instant().plus(retry.retryAfter()));
                }
                next(settings.retry().backoff(attempts, retry.retryAfter(), ThreadLocalRandom.current()::nextDouble));
            }
        }

        SimpleHttpRequest request(String token) {
            URI uri;
            try {
                uri = new URIBuilder(settings.baseUrl())
                        .setPathSegments("api", "atlas", "v2", "groups", order.groupId(), "databaseUsers",
                                order.username(), "certs")
                        .build();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("cannot build the Atlas URL", e);
            }
            SimpleRequestBuilder builder = SimpleRequestBuilder.post(uri)
                    .setHeader("Accept", settings.mediaType())
                    .setBody("{\"monthsUntilExpiration\":" + order.monthsUntilExpiration() + "}",
                            ContentType.create(settings.mediaType()));
            if (token != null) {
                builder.setHeader("Authorization", "Bearer " + token);
            }
            return builder.build();
        }
    }

    private record Sent(String token, AtlasHttp.Answer answer) {
    }

    /** timeout or unreachable, for a call that got no HTTP answer. */
    private static String failureKind(AtlasAnswers.Decision decision) {
        AtlasApiError error = decision instanceof AtlasAnswers.Retry retry ? retry.error()
                : ((AtlasAnswers.Refuse) decision).error();
        return "UPSTREAM_TIMEOUT".equals(error.errorCode()) ? "timeout" : "unreachable";
    }
}
