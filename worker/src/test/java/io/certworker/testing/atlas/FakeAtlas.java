package io.certworker.testing.atlas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * A fake MongoDB Atlas Admin API v2 for tests: a real HTTP/1.1 server on {@code 127.0.0.1} (the JDK's
 * {@link HttpServer}, a cached thread pool, so slow or hanging answers never block other calls) that speaks the part of
 * Atlas's protocol the worker uses, as described in the project's {@code reference/atlas-x509.md}.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /api/oauth/token}: service-account tokens. Needs {@code Authorization: Basic
 *       base64(clientId:clientSecret)} of a {@link #serviceAccount} and the form body {@code grant_type=client_credentials}
 *       ({@code application/x-www-form-urlencoded}); answers 200 {@code {"access_token","expires_in","token_type":"Bearer"}}
 *       ({@code application/json}). Tokens are opaque random strings (Atlas's are JWTs: clients must not look inside)
 *       and stop working after {@link #tokenLifetime} (checked on use, on the fake's clock) or {@link #revokeAllTokens}.
 *       Bad credentials: 401 {@code UNAUTHORIZED} "Invalid client credentials."; a bad form: 400
 *       {@code VALIDATION_ERROR} on {@code grant_type}. Every call counts in {@link #tokenRequests()}.</li>
 *   <li>{@code POST /api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs}: create a managed certificate.</li>
 *   <li>{@code GET} on the same path: list the user's unexpired certificates that the fake minted, in Atlas's shape
 *       ({@code links}, {@code results[{_id: serial, createdAt, groupId, notAfter, subject}]}, {@code totalCount};
 *       {@code itemsPerPage} 1–500, {@code pageNum} ≥ 1, {@code includeCount}). Scripts do not apply to it.</li>
 *   <li>Anything else: 404 {@code RESOURCE_NOT_FOUND}.</li>
 * </ul>
 * Path segments are percent-decoded as RFC 3986 path segments ({@code +} stays {@code +}, {@code %2F} is a slash in
 * the name); {@link #certificatesPath} builds such a path.
 *
 * <h2>Checks on the certificate endpoints, in this order</h2>
 * <ol>
 *   <li>Authentication, either {@code Authorization: Bearer <token>} from the token endpoint, unexpired, or HTTP Digest
 *       with an {@link #apiKey} (MD5, {@code qop=auth}, realm {@value #REALM}). Otherwise 401 with Atlas's challenge
 *       {@code WWW-Authenticate: Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5, qop="auth",
 *       stale=false} (sent on every 401, also for Bearer failures) and the body
 *       {@code {"detail":"You are not authorized for this resource.","error":401,"errorCode":"UNEXPECTED_ERROR",
 *       "parameters":[],"reason":"Unauthorized"}}: the error code is the one the reference says Atlas was
 *       <em>observed</em> to send for bad credentials. A Digest answer is accepted only for a nonce the fake issued
 *       (any number of times: {@code nc} is not checked for replays); a correct answer to a nonce it never issued gets
 *       a fresh challenge with {@code stale=true}.</li>
 *   <li>Per-group token bucket (Atlas: capacity 1200, 500 per minute, refilled continuously here). Always counted for
 *       the {@code RateLimit-Limit}/{@code RateLimit-Remaining} headers; refuses with 429 and {@code Retry-After} only
 *       after {@link #enforceRateLimit}.</li>
 *   <li>{@code Accept} must list {@value #MEDIA_TYPE} (parameters ignored); missing or another version: 406
 *       {@code INVALID_VERSION_DATE} "Invalid accept header or version date." (the reference names no code; this is
 *       the one Atlas users report).</li>
 *   <li>A POST's {@code Content-Type} must be {@value #MEDIA_TYPE} (parameters such as charset allowed): else 415
 *       {@code UNSUPPORTED_MEDIA_TYPE} (code invented; real Atlas may well accept {@code application/json}).</li>
 *   <li>{@code groupId} must be 24 lower-case hex digits: else 404 {@code INVALID_GROUP_ID}.</li>
 *   <li>The POST body: empty means 3 months; not JSON: 400 {@code INVALID_JSON}; any member other than
 *       {@code monthsUntilExpiration}: 400 {@code INVALID_ATTRIBUTE}; not an integer or below 1: 400
 *       {@code VALIDATION_ERROR} with {@code badRequestDetail.fields}; above 24: 400
 *       {@code CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS}.</li>
 *   <li>The script: the next {@link #enqueue enqueued} response, else the {@link #respondWith rule}'s answer (null: no
 *       opinion), else {@link Response#issue()}.</li>
 * </ol>
 * Scripts therefore only see authenticated, well-formed create calls, and one enqueued response is used up by exactly
 * one of them.
 *
 * <h2>Issued certificates</h2>
 * Like Atlas's ({@code atlas-samples/atlas-managed-cert.pem}): v3, positive 8-byte serial, issuer
 * {@code CN=<groupId>, OU=Atlas, O=MongoDB Inc} (one CA per group), subject {@code CN=<username>} (PrintableString
 * where possible, else UTF8String), KeyUsage digitalSignature and ExtendedKeyUsage clientAuth, both critical, nothing
 * else, notBefore now − 1 h, notAfter now + N calendar months. Differences: the CAs are EC P-256 and sign with
 * SHA256withECDSA (Atlas: RSA-4096, sha256WithRSAEncryption); the subject key is EC P-256 by default (see
 * {@link #keyAlgorithm}). The 201 body is the certificate PEM then the PKCS#8 key PEM, {@code Content-Type:
 * application/vnd.atlas.2023-01-01+json;charset=utf-8}. A certificate counts as minted (in {@link #mintedSerials()},
 * the list endpoint) when the fake sends its 201, even if the client has given up by then, as Atlas would have created
 * it anyway.
 *
 * <h2>Known differences from Atlas</h2>
 * The JDK server writes header names with only the first letter capitalised ({@code Ratelimit-limit},
 * {@code X-error-code}, {@code Www-authenticate}); HTTP header names are case-insensitive. It cannot send a TCP reset,
 * so {@link Response#resetConnection()} closes the socket without an answer. Plain HTTP, no TLS; no
 * {@code envelope=true}, no {@code pretty}.
 */
public final class FakeAtlas implements AutoCloseable {
    /** The versioned media type of Atlas Admin API v2, version 2023-01-01. */
    public static final String MEDIA_TYPE = "application/vnd.atlas.2023-01-01+json";
    /** The Content-Type of a 201 certificate answer, as Atlas sends it. */
    public static final String PEM_CONTENT_TYPE = MEDIA_TYPE + ";charset=utf-8";
    /** The Digest realm of Atlas's API keys. */
    public static final String REALM = "MMS Public API";
    public static final String TOKEN_PATH = "/api/oauth/token";
    public static final int ATLAS_RATE_LIMIT_CAPACITY = 1200;
    public static final int ATLAS_RATE_LIMIT_REFILL_PER_MINUTE = 500;
    /** The 401 detail of the certificate endpoints. */
    public static final String UNAUTHORIZED_DETAIL = "You are not authorized for this resource.";
    /** The 401 errorCode of the certificate endpoints (observed on Atlas, per the reference). */
    public static final String UNAUTHORIZED_ERROR_CODE = "UNEXPECTED_ERROR";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern GROUP_ID = Pattern.compile("[a-f0-9]{24}");
    private static final int DEFAULT_MONTHS = 3;
    private static final int MAX_MONTHS = 24;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final FakeAtlasCa ca = new FakeAtlasCa();
    private final RateLimiter rateLimiter = new RateLimiter();

    private final Map<String, String> serviceAccounts = new ConcurrentHashMap<>();
    private final Map<String, String> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<FakeAtlasCa.Minted> minted = new CopyOnWriteArrayList<>();
    private final Queue<Response> script = new ConcurrentLinkedQueue<>();
    private final Queue<Response> tokenScript = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);

    private volatile Function<RecordedRequest, Response> rule;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile String keyAlgorithm = "EC";
    private volatile int keySize = 256;

    private record IssuedToken(String clientId, Instant expiresAt) {
    }

    private record Auth(String scheme, String principal, boolean stale) {
        static final Auth NONE = new Auth(null, null, false);
        static final Auth STALE = new Auth(null, null, true);
    }

    /** Sends the success answer of a call (a certificate, a token) with the given extra headers. */
    @FunctionalInterface
    private interface Success {
        void send(Map<String, String> headers) throws IOException;
    }

    private FakeAtlas() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-atlas-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a fake on a free loopback port. No credentials are configured yet: every call gets 401. */
    public static FakeAtlas start() {
        try {
            return new FakeAtlas();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Atlas", e);
        }
    }

    /** E.g. {@code http://127.0.0.1:54321}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Accepts this service account at the token endpoint (several may be configured). */
    public FakeAtlas serviceAccount(String clientId, String clientSecret) {
        serviceAccounts.put(requireText(clientId, "clientId"), requireText(clientSecret, "clientSecret"));
        return this;
    }

    /** Accepts this API key pair with HTTP Digest (public key as user name, private key as password). */
    public FakeAtlas apiKey(String publicKey, String privateKey) {
        apiKeys.put(requireText(publicKey, "publicKey"), requireText(privateKey, "privateKey"));
        return this;
    }

    /**
     * The lifetime of tokens issued from now on (default 1 hour). {@code expires_in} is its whole seconds; the token
     * stops working once the lifetime has passed on the fake's clock.
     */
    public FakeAtlas tokenLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.isNegative()) {
            throw new IllegalArgumentException("tokenLifetime must be >= 0");
        }
        tokenLifetime = lifetime;
        return this;
    }

    /** Invalidates every token issued so far (to make a client refresh after a 401). */
    public void revokeAllTokens() {
        tokens.clear();
    }

    /**
     * The subject key type of minted certificates: {@code "EC"} (P-256, the default) or {@code "RSA"} (2048 bits).
     */
    public FakeAtlas keyAlgorithm(String algorithm) {
        return keyAlgorithm(algorithm, "RSA".equals(algorithm) ? 2048 : 256);
    }

    /** {@code ("EC", 256|384|521)} or {@code ("RSA", 2048|3072|4096)}; Atlas itself uses RSA 4096. */
    public FakeAtlas keyAlgorithm(String algorithm, int size) {
        boolean valid = ("EC".equals(algorithm) && (size == 256 || size == 384 || size == 521))
                || ("RSA".equals(algorithm) && (size == 2048 || size == 3072 || size == 4096));
        if (!valid) {
            throw new IllegalArgumentException("unsupported key " + algorithm + " " + size);
        }
        synchronized (this) {
            keyAlgorithm = algorithm;
            keySize = size;
        }
        return this;
    }

    /**
     * Refuses certificate calls of a group with 429 {@code RATE_LIMITED_TOKEN_BUCKET} and {@code Retry-After} once its
     * bucket of {@code capacity} tokens is empty; {@code refillPerMinute} tokens come back per minute (continuously).
     * All buckets start full again. Atlas's values are {@value #ATLAS_RATE_LIMIT_CAPACITY} and
     * {@value #ATLAS_RATE_LIMIT_REFILL_PER_MINUTE}.
     */
    public FakeAtlas enforceRateLimit(int capacity, int refillPerMinute) {
        if (capacity < 1 || refillPerMinute < 0) {
            throw new IllegalArgumentException("capacity must be >= 1 and refillPerMinute >= 0");
        }
        rateLimiter.configure(true, capacity, refillPerMinute);
        return this;
    }

    /** Answers the next authenticated, well-formed create calls with these responses in order, then as before. */
    public FakeAtlas enqueue(Response... responses) {
        for (Response response : responses) {
            script.add(java.util.Objects.requireNonNull(response, "response"));
        }
        return this;
    }

    /**
     * Answers create calls that no enqueued response takes with {@code rule}; the rule returns null to leave a call to
     * the default ({@link Response#issue()}). Replaces the previous rule; null removes it. A rule that throws makes the
     * fake answer 500 {@code text/plain} with the stack trace.
     */
    public FakeAtlas respondWith(Function<RecordedRequest, Response> rule) {
        this.rule = rule;
        return this;
    }

    /**
     * Answers the next token calls whose client credentials are right with these responses ({@link Response#issue()}
     * meaning: issue a token), then issues tokens again.
     */
    public FakeAtlas enqueueTokenResponses(Response... responses) {
        for (Response response : responses) {
            tokenScript.add(java.util.Objects.requireNonNull(response, "response"));
        }
        return this;
    }

    /** Forgets enqueued responses (both queues) and the rule. */
    public FakeAtlas clearScripts() {
        script.clear();
        tokenScript.clear();
        rule = null;
        return this;
    }

    /**
     * Moves the fake's clock forward (token expiry, rate-limit refill, certificate dates, {@code receivedAt}); the
     * clock otherwise follows real time.
     */
    public FakeAtlas advanceClock(Duration by) {
        if (by == null || by.isNegative()) {
            throw new IllegalArgumentException("can only move the clock forward");
        }
        clockOffset.accumulateAndGet(by, Duration::plus);
        return this;
    }

    /** How many calls the token endpoint received, whatever their outcome. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The create-certificate calls whose credentials were accepted, whatever the answer. */
    public List<RecordedRequest> certificateRequests() {
        return requests().stream().filter(r -> r.isCreateCertificate() && r.authenticated()).toList();
    }

    /** The serials of the certificates the fake sent in a 201, in order. */
    public List<BigInteger> mintedSerials() {
        return minted.stream().map(m -> m.certificate().getSerialNumber()).toList();
    }

    /** The certificates the fake sent in a 201, in order. */
    public List<X509Certificate> mintedCertificates() {
        return minted.stream().map(FakeAtlasCa.Minted::certificate).toList();
    }

    /** The fake CA of {@code groupId} (created on first use), to verify minted certificates against. */
    public X509Certificate caCertificate(String groupId) {
        return ca.caCertificate(groupId, now());
    }

    /** Stops the server: open connections are closed and waiting answers ({@code hang}, delays) are cut short. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** {@code /api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs}, both segments percent-encoded. */
    public static String certificatesPath(String groupId, String username) {
        return "/api/atlas/v2/groups/" + encodePathSegment(groupId) + "/databaseUsers/" + encodePathSegment(username)
                + "/certs";
    }

    /** Percent-encodes every UTF-8 byte except RFC 3986 unreserved characters. */
    public static String encodePathSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------- dispatching

    private Instant now() {
        return Instant.now().plus(clockOffset.get());
    }

    private void handle(HttpExchange exchange) {
        try {
            Instant received = now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String rawPath = exchange.getRequestURI().getRawPath();
            if (TOKEN_PATH.equals(rawPath)) {
                token(exchange, received, body);
                return;
            }
            String[] segments = rawPath == null ? new String[0] : rawPath.split("/", -1);
            if (segments.length == 9 && segments[0].isEmpty() && "api".equals(segments[1])
                    && "atlas".equals(segments[2]) && "v2".equals(segments[3]) && "groups".equals(segments[4])
                    && "databaseUsers".equals(segments[6]) && "certs".equals(segments[8])) {
                String groupId = decodePathSegment(segments[5]);
                String username = decodePathSegment(segments[7]);
                if (groupId != null && username != null && !groupId.isEmpty() && !username.isEmpty()) {
                    certificates(exchange, received, body, groupId, username);
                    return;
                }
            }
            record(exchange, received, body, null, null, Auth.NONE);
            sendError(exchange, AtlasError.RESOURCE_NOT_FOUND, Collections.singletonList(rawPath), List.of(),
                    Map.of());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException clientGone) {
            exchange.close();
        } catch (RuntimeException | Error bug) {
            StringWriter trace = new StringWriter();
            bug.printStackTrace(new PrintWriter(trace));
            System.err.println("FakeAtlas failed to answer " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + ": " + trace);
            try {
                send(exchange, 500, "text/plain; charset=utf-8",
                        ("FakeAtlas failed: " + trace).getBytes(StandardCharsets.UTF_8), Map.of());
            } catch (IOException | RuntimeException alreadyAnswering) {
                exchange.close();
            }
        }
    }

    private RecordedRequest record(HttpExchange exchange, Instant received, byte[] body, String groupId,
            String username, Auth auth) {
        URI uri = exchange.getRequestURI();
        synchronized (requests) {
            RecordedRequest request = new RecordedRequest(requests.size() + 1L, exchange.getRequestMethod(),
                    uri.getRawPath(), uri.getRawQuery(), groupId, username, exchange.getRequestHeaders(),
                    new String(body, StandardCharsets.UTF_8), received, auth.scheme(), auth.principal());
            requests.add(request);
            return request;
        }
    }

    // ---------------------------------------------------------------------------------------------- token endpoint

    private void token(HttpExchange exchange, Instant received, byte[] body) throws IOException, InterruptedException {
        tokenRequests.incrementAndGet();
        String clientId = basicPrincipal(exchange.getRequestHeaders().getFirst("Authorization"));
        RecordedRequest request = record(exchange, received, body, null, null,
                clientId == null ? Auth.NONE : new Auth("Basic", clientId, false));
        if (!"POST".equals(request.method())) {
            sendEnvelope(exchange, 405, "METHOD_NOT_ALLOWED", "Method not allowed.", List.of(), List.of(), Map.of());
            return;
        }
        if (clientId == null) {
            sendEnvelope(exchange, 401, "UNAUTHORIZED", "Invalid client credentials.", List.of(), List.of(), Map.of());
            return;
        }
        String contentType = request.header("Content-Type").orElse("");
        Map<String, String> form = mediaType(contentType).equals("application/x-www-form-urlencoded")
                ? parseForm(request.body()) : Map.of();
        if (!"client_credentials".equals(form.get("grant_type"))) {
            sendEnvelope(exchange, 400, AtlasError.VALIDATION_ERROR.errorCode(), AtlasError.VALIDATION_ERROR.detail(),
                    List.of(), List.of(new Response.FieldProblem("grant_type", "must be client_credentials")),
                    Map.of());
            return;
        }
        Response scripted = tokenScript.poll();
        execute(exchange, request, scripted == null ? Response.issue() : scripted, Map.of(), headers -> {
            String token = newToken();
            Duration lifetime = tokenLifetime;
            tokens.put(token, new IssuedToken(clientId, now().plus(lifetime)));
            ObjectNode answer = JSON.createObjectNode();
            answer.put("access_token", token);
            answer.put("expires_in", lifetime.getSeconds());
            answer.put("token_type", "Bearer");
            send(exchange, 200, "application/json", JSON.writeValueAsBytes(answer), headers);
        });
    }

    private String basicPrincipal(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String clientId = decoded.substring(0, colon);
        String secret = serviceAccounts.get(clientId);
        return secret != null && secret.equals(decoded.substring(colon + 1)) ? clientId : null;
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                form.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                return Map.of();
            }
        }
        return form;
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---------------------------------------------------------------------------------------------- certificates

    private void certificates(HttpExchange exchange, Instant received, byte[] body, String groupId, String username)
            throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        Auth auth = authenticate(exchange, method);
        RecordedRequest request = record(exchange, received, body, groupId, username, auth);
        if (auth.principal() == null) {
            String nonce = newToken();
            nonces.add(nonce);
            sendEnvelope(exchange, 401, UNAUTHORIZED_ERROR_CODE, UNAUTHORIZED_DETAIL, List.of(), List.of(),
                    Map.of("WWW-Authenticate", DigestAuth.challenge(REALM, nonce, auth.stale())));
            return;
        }
        boolean create = "POST".equals(method);
        if (!create && !"GET".equals(method)) {
            sendEnvelope(exchange, 405, "METHOD_NOT_ALLOWED", "Method not allowed.", List.of(), List.of(), Map.of());
            return;
        }
        RateLimiter.Decision rate = rateLimiter.take(groupId, now());
        if (!rate.allowed()) {
            sendRateLimited(exchange, request, rate.retryAfterSeconds(), Map.of());
            return;
        }
        Map<String, String> rateHeaders = rate.headers();
        if (!request.headers().getOrDefault("Accept", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .anyMatch(type -> mediaType(type).equals(MEDIA_TYPE))) {
            sendError(exchange, AtlasError.INVALID_VERSION_DATE, List.of(), List.of(), rateHeaders);
            return;
        }
        if (create && !mediaType(request.header("Content-Type").orElse("")).equals(MEDIA_TYPE)) {
            sendError(exchange, AtlasError.UNSUPPORTED_MEDIA_TYPE, List.of(), List.of(), rateHeaders);
            return;
        }
        if (!GROUP_ID.matcher(groupId).matches()) {
            sendError(exchange, AtlasError.INVALID_GROUP_ID, List.of(groupId), List.of(), rateHeaders);
            return;
        }
        if (!create) {
            list(exchange, request, rateHeaders);
            return;
        }
        Object months = months(request.body());
        if (months instanceof Response refusal) {
            execute(exchange, request, refusal, rateHeaders, null);
            return;
        }
        int validMonths = (Integer) months;
        Response response = script.poll();
        if (response == null) {
            Function<RecordedRequest, Response> current = rule;
            response = current == null ? null : current.apply(request);
        }
        execute(exchange, request, response == null ? Response.issue() : response, rateHeaders, headers -> {
            String algorithm;
            int size;
            synchronized (this) {
                algorithm = keyAlgorithm;
                size = keySize;
            }
            FakeAtlasCa.Minted certificate = ca.mint(groupId, username, validMonths, now(), algorithm, size);
            minted.add(certificate);
            send(exchange, 201, PEM_CONTENT_TYPE, certificate.pem().getBytes(StandardCharsets.US_ASCII), headers);
        });
    }

    private Auth authenticate(HttpExchange exchange, String method) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return Auth.NONE;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            IssuedToken token = tokens.get(header.substring(7).trim());
            return token != null && now().isBefore(token.expiresAt())
                    ? new Auth("Bearer", token.clientId(), false) : Auth.NONE;
        }
        Map<String, String> digest = DigestAuth.parse(header);
        if (digest == null) {
            return Auth.NONE;
        }
        String user = digest.get("username");
        String password = user == null ? null : apiKeys.get(user);
        String uri = digest.get("uri");
        String nonce = digest.get("nonce");
        String nc = digest.get("nc");
        String cnonce = digest.get("cnonce");
        URI requestUri = exchange.getRequestURI();
        String requestTarget = requestUri.getRawPath()
                + (requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery());
        if (password == null || !REALM.equals(digest.get("realm")) || !"auth".equals(digest.get("qop"))
                || !"MD5".equalsIgnoreCase(digest.getOrDefault("algorithm", "MD5"))
                || uri == null || !(uri.equals(requestTarget) || uri.equals(requestUri.toString()))
                || nonce == null || nc == null || cnonce == null) {
            return Auth.NONE;
        }
        String expected = DigestAuth.response(user, REALM, password, method, uri, nonce, nc, cnonce, "auth");
        if (!DigestAuth.same(expected, digest.get("response"))) {
            return Auth.NONE;
        }
        return nonces.contains(nonce) ? new Auth("Digest", user, false) : Auth.STALE;
    }

    /** The months to issue for, or the Response refusing the body. */
    private static Object months(String body) {
        if (body.isBlank()) {
            return DEFAULT_MONTHS;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException malformed) {
            return Response.error(AtlasError.INVALID_JSON);
        }
        if (json == null || !json.isObject()) {
            return Response.error(AtlasError.INVALID_JSON);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!"monthsUntilExpiration".equals(name)) {
                return Response.error(AtlasError.INVALID_ATTRIBUTE, name);
            }
        }
        JsonNode months = json.get("monthsUntilExpiration");
        if (months == null || months.isNull()) {
            return DEFAULT_MONTHS;
        }
        if (!months.isIntegralNumber() || !months.canConvertToInt()) {
            return Response.validationError("monthsUntilExpiration", "must be an integer");
        }
        if (months.intValue() > MAX_MONTHS) {
            return Response.error(AtlasError.CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS);
        }
        if (months.intValue() < 1) {
            return Response.validationError("monthsUntilExpiration", "must be greater than or equal to 1");
        }
        return months.intValue();
    }

    private void list(HttpExchange exchange, RecordedRequest request, Map<String, String> rateHeaders)
            throws IOException {
        Map<String, String> query = parseForm(request.query() == null ? "" : request.query());
        int itemsPerPage;
        int pageNum;
        try {
            itemsPerPage = Integer.parseInt(query.getOrDefault("itemsPerPage", "100"));
            pageNum = Integer.parseInt(query.getOrDefault("pageNum", "1"));
        } catch (NumberFormatException notNumber) {
            itemsPerPage = -1;
            pageNum = -1;
        }
        if (itemsPerPage < 1 || itemsPerPage > 500 || pageNum < 1) {
            sendError(exchange, AtlasError.VALIDATION_ERROR, List.of(),
                    List.of(new Response.FieldProblem(itemsPerPage < 1 || itemsPerPage > 500 ? "itemsPerPage" : "pageNum",
                            itemsPerPage < 1 || itemsPerPage > 500 ? "must be between 1 and 500"
                                    : "must be greater than or equal to 1")),
                    rateHeaders);
            return;
        }
        boolean includeCount = !"false".equalsIgnoreCase(query.getOrDefault("includeCount", "true"));
        Instant now = now();
        List<FakeAtlasCa.Minted> certificates = minted.stream()
                .filter(m -> m.groupId().equals(request.groupId()) && m.username().equals(request.username()))
                .filter(m -> m.certificate().getNotAfter().toInstant().isAfter(now))
                .sorted(Comparator.comparing(FakeAtlasCa.Minted::createdAt))
                .toList();
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode self = answer.putArray("links").addObject();
        self.put("href", baseUrl + request.path() + "?includeCount=" + includeCount + "&pageNum=" + pageNum
                + "&itemsPerPage=" + itemsPerPage);
        self.put("rel", "self");
        ArrayNode results = answer.putArray("results");
        certificates.stream().skip((long) (pageNum - 1) * itemsPerPage).limit(itemsPerPage).forEach(m -> {
            ObjectNode result = results.addObject();
            result.put("_id", m.certificate().getSerialNumber().longValueExact());
            result.put("createdAt", m.createdAt().toString());
            result.put("groupId", m.groupId());
            result.put("notAfter", m.certificate().getNotAfter().toInstant().toString());
            result.put("subject", m.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253));
        });
        if (includeCount) {
            answer.put("totalCount", certificates.size());
        }
        send(exchange, 200, PEM_CONTENT_TYPE, JSON.writeValueAsBytes(answer), rateHeaders);
    }

    // ---------------------------------------------------------------------------------------------- answering

    private void execute(HttpExchange exchange, RecordedRequest request, Response response,
            Map<String, String> rateHeaders, Success success) throws IOException, InterruptedException {
        if (!response.delay().isZero()) {
            TimeUnit.NANOSECONDS.sleep(response.delay().toNanos());
        }
        Map<String, String> headers = new LinkedHashMap<>(rateHeaders);
        switch (response.kind()) {
            case ISSUE -> {
                if (success == null) {
                    throw new IllegalStateException("nothing to issue here");
                }
                headers.putAll(response.headers());
                success.send(headers);
            }
            case ERROR -> {
                AtlasError error = response.atlasError();
                if (response.retryAfterSeconds() > 0) {
                    headers.put("Retry-After", Integer.toString(response.retryAfterSeconds()));
                }
                headers.putAll(response.headers());
                List<Object> parameters = response.parameters() != null
                        ? response.parameters() : defaultParameters(error, request);
                sendError(exchange, error, parameters, response.fields(), headers);
            }
            case RATE_LIMITED -> sendRateLimited(exchange, request, response.retryAfterSeconds(), response.headers());
            case STATUS -> send(exchange, response.status(), response.contentType(),
                    response.body().getBytes(StandardCharsets.UTF_8), response.headers());
            case HANG -> {
                try {
                    TimeUnit.NANOSECONDS.sleep(response.hangFor().toNanos());
                } finally {
                    exchange.close();
                }
            }
            case RESET -> exchange.close();
            default -> throw new IllegalStateException(response.kind().name());
        }
    }

    private static List<Object> defaultParameters(AtlasError error, RecordedRequest request) {
        return switch (error) {
            case INVALID_GROUP_ID, GROUP_NOT_FOUND -> Collections.singletonList(request.groupId());
            case USERNAME_NOT_FOUND -> Collections.singletonList(request.username());
            case INVALID_ATTRIBUTE -> List.of("monthsUntilExpiration");
            case RESOURCE_NOT_FOUND -> Collections.singletonList(request.path());
            default -> List.of();
        };
    }

    private void sendRateLimited(HttpExchange exchange, RecordedRequest request, int retryAfterSeconds,
            Map<String, String> extra) throws IOException {
        RateLimiter.Settings settings = rateLimiter.settings();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(settings.capacity()));
        headers.put("RateLimit-Remaining", "0");
        headers.put("Retry-After", Integer.toString(retryAfterSeconds));
        headers.putAll(extra);
        String endpoint = request.path().startsWith("/") ? request.path().substring(1) : request.path();
        sendError(exchange, AtlasError.RATE_LIMITED_TOKEN_BUCKET,
                List.of(endpoint, retryAfterSeconds, settings.capacity(), settings.refillPerMinute(), 60), List.of(),
                headers);
    }

    private void sendError(HttpExchange exchange, AtlasError error, List<Object> parameters,
            List<Response.FieldProblem> fields, Map<String, String> headers) throws IOException {
        sendEnvelope(exchange, error.status(), error.errorCode(), error.detail(parameters.toArray()), parameters,
                fields, headers);
    }

    private void sendEnvelope(HttpExchange exchange, int status, String errorCode, String detail,
            List<Object> parameters, List<Response.FieldProblem> fields, Map<String, String> headers)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("X-Error-Code", errorCode);
        all.putAll(headers);
        send(exchange, status, "application/json", envelope(status, errorCode, detail, parameters, fields), all);
    }

    /** Atlas's ApiError JSON, members in Atlas's (alphabetical) order. */
    static byte[] envelope(int status, String errorCode, String detail, List<Object> parameters,
            List<Response.FieldProblem> fields) {
        ObjectNode error = JSON.createObjectNode();
        if (!fields.isEmpty()) {
            ArrayNode list = error.putObject("badRequestDetail").putArray("fields");
            for (Response.FieldProblem field : fields) {
                list.addObject().put("description", field.description()).put("field", field.field());
            }
        }
        error.put("detail", detail);
        error.put("error", status);
        error.put("errorCode", errorCode);
        ArrayNode list = error.putArray("parameters");
        for (Object parameter : parameters) {
            list.add(JSON.<JsonNode>valueToTree(parameter));
        }
        error.put("reason", AtlasError.reasonPhrase(status));
        try {
            return JSON.writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body,
            Map<String, String> headers) throws IOException {
        Headers response = exchange.getResponseHeaders();
        if (contentType != null) {
            response.set("Content-Type", contentType);
        }
        headers.forEach(response::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The type/subtype of a media type, lower-cased, parameters dropped. */
    private static String mediaType(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Percent-decodes one RFC 3986 path segment as UTF-8; null when malformed. */
    static String decodePathSegment(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write((high << 4) | low);
                i += 3;
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return decoded.toString();
        } catch (CharacterCodingException malformed) {
            return null;
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /** Per-group token buckets, refilled continuously on the fake's clock. */
    private static final class RateLimiter {
        record Settings(boolean enforced, int capacity, int refillPerMinute) {
        }

        record Decision(boolean allowed, int remaining, int limit, int retryAfterSeconds) {
            Map<String, String> headers() {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("RateLimit-Limit", Integer.toString(limit));
                headers.put("RateLimit-Remaining", Integer.toString(remaining));
                return headers;
            }
        }

        private static final class Bucket {
            double tokens;
            Instant last;

            Bucket(double tokens, Instant last) {
                this.tokens = tokens;
                this.last = last;
            }
        }

        private Settings settings = new Settings(false, ATLAS_RATE_LIMIT_CAPACITY, ATLAS_RATE_LIMIT_REFILL_PER_MINUTE);
        private final Map<String, Bucket> buckets = new HashMap<>();

        synchronized void configure(boolean enforced, int capacity, int refillPerMinute) {
            settings = new Settings(enforced, capacity, refillPerMinute);
            buckets.clear();
        }

        synchronized Settings settings() {
            return settings;
        }

        synchronized Decision take(String key, Instant now) {
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(settings.capacity(), now));
            if (now.isAfter(bucket.last)) {
                double minutes = Duration.between(bucket.last, now).toNanos() / 60e9;
                bucket.tokens = Math.min(settings.capacity(), bucket.tokens + minutes * settings.refillPerMinute());
                bucket.last = now;
            }
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, (int) Math.floor(bucket.tokens), settings.capacity(), 0);
            }
            if (!settings.enforced()) {
                return new Decision(true, 0, settings.capacity(), 0);
            }
            int retryAfter = settings.refillPerMinute() == 0 ? 60
                    : (int) Math.max(1, Math.ceil((1 - bucket.tokens) * 60 / settings.refillPerMinute()));
            return new Decision(false, 0, settings.capacity(), retryAfter);
        }
    }
}
