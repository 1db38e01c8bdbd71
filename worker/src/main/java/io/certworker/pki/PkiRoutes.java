package io.certworker.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.certworker.validation.RequestValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations port's routes for relying parties:
 * <ul>
 *   <li>{@code GET /crl/{groupId}}: the project's CRL, DER, {@code application/pkix-crl};
 *       {@code GET /crl/{groupId}.pem}: the same as PEM. 404 for a project without a CA.
 *   <li>{@code POST /ocsp/{groupId}} (body: a DER OCSP request, at most {@link #MAX_OCSP_REQUEST_BYTES}) and
 *       {@code GET /ocsp/{groupId}/{base64 of the request, URL-encoded}} (RFC 6960, appendix A):
 *       {@code application/ocsp-response}.
 * </ul>
 */
public final class PkiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PkiRoutes.class);
    /** Real OCSP requests are a few hundred bytes; anything much larger is not one. */
    static final int MAX_OCSP_REQUEST_BYTES = 16 * 1024;
    /** How much of a body too large is still read before answering; beyond, the connection is just closed. */
    static final int MAX_DRAINED_BYTES = 1024 * 1024;
    static final String CRL_PATH = "/crl/";
    static final String OCSP_PATH = "/ocsp/";

    private final ProjectCrls crls;
    private final OcspResponder ocsp;

    public PkiRoutes(ProjectCrls crls, OcspResponder ocsp) {
        this.crls = crls;
        this.ocsp = ocsp;
    }

    /** Hands each route to {@code routes} (path prefix, handler): an HTTP server's way to add them. */
    public void register(BiConsumer<String, HttpHandler> routes) {
        routes.accept(CRL_PATH, this::crl);
        routes.accept(OCSP_PATH, this::ocsp);
    }

    private void crl(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!isGet(exchange)) {
                send(exchange, 405, "text/plain; charset=utf-8", bytes("GET only\n"));
                return;
            }
            String name = exchange.getRequestURI().getPath().substring(CRL_PATH.length());
            boolean pem = name.endsWith(".pem");
            String groupId = pem ? name.substring(0, name.length() - ".pem".length()) : name;
            Optional<byte[]> der = RequestValidator.isGroupId(groupId) ? crls.der(groupId) : Optional.empty();
            if (der.isEmpty()) {
                send(exchange, 404, "application/json", bytes("{\"error\":404,\"detail\":\"No CRL for project "
                        + (RequestValidator.isGroupId(groupId) ? groupId + ": it has no certificate of the internal CA"
                        : "id of that shape: a project id is 24 lowercase hexadecimal characters") + ".\"}"));
                return;
            }
            if (pem) {
                send(exchange, 200, "application/x-pem-file", bytes(ProjectCrls.pem(der.get())));
            } else {
                send(exchange, 200, "application/pkix-crl", der.get());
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot serve {}", exchange.getRequestURI().getPath(), e);
            send(exchange, 500, "text/plain; charset=utf-8", bytes("cannot make the CRL\n"));
        }
    }

    private void ocsp(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rest = exchange.getRequestURI().getRawPath().substring(OCSP_PATH.length());
            int slash = rest.indexOf('/');
            String groupId = slash < 0 ? rest : rest.substring(0, slash);
            byte[] request;
            if ("POST".equals(exchange.getRequestMethod())) {
                request = readAtMost(exchange.getRequestBody(), MAX_OCSP_REQUEST_BYTES);
                if (request == null) {
                    // Read (a bounded amount of) the rest, so that the client gets the answer rather than a reset.
                    drain(exchange.getRequestBody(), MAX_DRAINED_BYTES);
                    exchange.getResponseHeaders().set("Connection", "close");
                    sendOcsp(exchange, 413, OcspResponder.status(OCSPRespBuilder.MALFORMED_REQUEST));
                    return;
                }
            } else if (isGet(exchange)) {
                request = slash < 0 ? new byte[0] : base64(rest.substring(slash + 1));
            } else {
                send(exchange, 405, "text/plain; charset=utf-8", bytes("GET or POST only\n"));
                return;
            }
            if (!RequestValidator.isGroupId(groupId)) {
                sendOcsp(exchange, 200, OcspResponder.status(OCSPRespBuilder.UNAUTHORIZED));
                return;
            }
            sendOcsp(exchange, 200, ocsp.respond(groupId, request));
        } catch (RuntimeException e) {
            LOG.error("Cannot answer OCSP at {}", exchange.getRequestURI().getPath(), e);
            sendOcsp(exchange, 200, OcspResponder.status(OCSPRespBuilder.INTERNAL_ERROR));
        }
    }

    /** The bytes of a GET request's path segment: URL-encoded base64 (a '+' is a '+', not a space). */
    private static byte[] base64(String encoded) {
        try {
            String text = percentDecoded(encoded);
            return text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static String percentDecoded(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static void drain(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        int read;
        while (total < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - total))) >= 0) {
            total += read;
        }
    }

    /** At most {@code limit} bytes, or null when there are more. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static boolean isGet(HttpExchange exchange) {
        return "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
    }

    private static void sendOcsp(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, "application/ocsp-response", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
