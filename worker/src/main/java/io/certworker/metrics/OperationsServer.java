package io.certworker.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server (the JDK's) for operations:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text exposition.
 *   <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} while the worker's loop is alive, else 503 (restart
 *       me); the body is what orchestrators and probes expect, the details are on /health/ready.
 *   <li>{@code GET /health/ready}: 200 when every readiness check passes (broker answers, user directory caught up,
 *       CA loaded, loop running), else 503; the body names each check.
 * </ul>
 */
public final class OperationsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();

    private OperationsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves on {@code host:port} (0 picks a free port).
     *
     * @param liveness  the checks that say the process is alive
     * @param readiness the checks that say it can take requests
     */
    public static OperationsServer start(String host, int port, PrometheusMeterRegistry registry,
                                         Map<String, BooleanSupplier> liveness, Map<String, BooleanSupplier> readiness)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "operations-http");
            thread.setDaemon(true);
            return thread;
        });
        OperationsServer operations = new OperationsServer(server, executor);
        server.createContext("/metrics", exchange -> operations.respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> operations.health(exchange, liveness, false));
        server.createContext("/health/ready", exchange -> operations.health(exchange, readiness, true));
        server.createContext("/", exchange -> operations.respond(exchange, 404, "application/json",
                "{\"error\":\"not found\",\"endpoints\":[\"/metrics\",\"/health/live\",\"/health/ready\"]}"));
        server.setExecutor(executor);
        server.start();
        LOG.info("Metrics on http://{}:{}/metrics, health on /health/live and /health/ready", host,
                server.getAddress().getPort());
        return operations;
    }

    /** Serves {@code handler} under the path prefix {@code path} as well (the CRL and OCSP routes). */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** {"status":"UP"} or {"status":"DOWN"}, with each check's result when {@code named}. */
    private void health(HttpExchange exchange, Map<String, BooleanSupplier> checks, boolean named) throws IOException {
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean healthy;
            try {
                healthy = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                healthy = false;
            }
            results.put(check.getKey(), healthy ? "UP" : "DOWN");
            up &= healthy;
        }
        ObjectNode body = json.createObjectNode().put("status", up ? "UP" : "DOWN");
        if (named) {
            body.set("checks", json.valueToTree(results));
        }
        respond(exchange, up ? 200 : 503, "application/json", json.writeValueAsString(body));
    }

    private void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
