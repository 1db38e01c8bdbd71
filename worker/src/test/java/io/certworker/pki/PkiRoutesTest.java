package io.certworker.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.IssuingCas;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.CrlSchedule;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRL and OCSP routes on a real HTTP server on loopback, for what is refused before any CA is involved. */
class PkiRoutesTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path directory;
    HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        CertificateTable table = new CertificateTable("internal-ca");
        IssuingCas cas = IssuingCas.of(GroupCaStore.onDisk(directory));
        PkiRoutes routes = new PkiRoutes(new ProjectCrls(table, cas, CrlSchedule.of(Duration.ofDays(7)),
                Clock.systemUTC(), nanos -> { }), new OcspResponder(table, cas, () -> true, Clock.systemUTC()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        routes.register(server::createContext);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void garbageIsAMalformedRequestATooLargeBodyToo() throws Exception {
        HttpResponse<byte[]> badGet = get("/ocsp/5efda6aea3f2ed2e7dd6ce05/bm90LW9jc3A%3D");
        HttpResponse<byte[]> garbage = post("/ocsp/5efda6aea3f2ed2e7dd6ce05", "hello".getBytes());
        HttpResponse<byte[]> huge = post("/ocsp/5efda6aea3f2ed2e7dd6ce05", new byte[100_000]);

        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(garbage.headers().firstValue("Content-Type")).contains("application/ocsp-response");
        assertThat(new OCSPResp(garbage.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new OCSPResp(huge.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(badGet.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void aProjectWithoutCaHasNoCrlAndItsOcspIsUnauthorized() throws Exception {
        assertThat(get("/crl/5efda6aea3f2ed2e7dd6ce05").statusCode()).isEqualTo(404);
        assertThat(get("/crl/5efda6aea3f2ed2e7dd6ce05.pem").statusCode()).isEqualTo(404);
        assertThat(get("/crl/..%2Fetc").statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/crl/5efda6aea3f2ed2e7dd6ce05"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(405);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
