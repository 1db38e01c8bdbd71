package io.certworker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.X509Type;
import io.certworker.runtime.Worker;
import io.certworker.testing.Pems;
import io.certworker.testing.TestWorker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRL and the OCSP responder of a project CA, served by the worker's operations port, as relying parties use
 * them: OpenSSL's {@code verify -crl_check} and {@code ocsp}, and a TLS server that checks client certificates
 * against the CRL as mongod's {@code net.tls.CRLFile} does (the JDK's PKIX revocation checking with the CRL as its
 * only source). One project, two users: alice's certificate revoked, bob's not.
 */
class PkiIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path directory;
    static Lifecycle lifecycle;
    static CertificateIssued revoked;
    static CertificateIssued good;
    static Path root;
    static Path ca;

    @BeforeAll
    static void issueTwoAndRevokeOne() throws Exception {
        lifecycle = new Lifecycle(TestWorker.start(directory.resolve("ca"), Map.of()));
        lifecycle.worker.putUser(GROUP, "alice", X509Type.MANAGED);
        lifecycle.worker.putUser(GROUP, "bob", X509Type.MANAGED);
        revoked = lifecycle.issue(GROUP, "alice", 3);
        good = lifecycle.issue(GROUP, "bob", 3);
        assertThat(lifecycle.outcome(lifecycle.revoke(GROUP, "alice", revoked.serialNumber(), "keyCompromise"))
                .topic()).isEqualTo(lifecycle.topics.revoked());
        org.awaitility.Awaitility.await().until(() -> crl(get("/crl/" + GROUP).body())
                .getRevokedCertificate(new BigInteger(revoked.serialNumber())) != null);
        List<X509Certificate> chain = Pems.certificates(good.caCertificatePem());
        ca = write("ca.pem", pem(chain.get(0)));
        root = write("root.pem", pem(chain.get(1)));
        write("alice.pem", revoked.pem());
        write("bob.pem", good.pem());
    }

    @AfterAll
    static void stop() {
        lifecycle.close();
    }

    @Test
    void theCrlIsSignedByTheProjectCaListsTheRevokedCertificateWithItsReasonAndIsValidForAWeek() throws Exception {
        X509CRL crl = crl(get("/crl/" + GROUP).body());
        X509Certificate projectCa = Pems.certificates(good.caCertificatePem()).get(0);

        crl.verify(projectCa.getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(projectCa.getSubjectX500Principal());
        assertThat(Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant()))
                .isEqualTo(Duration.ofDays(7));
        assertThat(crl.getExtensionValue(Extension.cRLNumber.getId())).isNotNull();
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        X509CRLEntry entry = crl.getRevokedCertificate(new BigInteger(revoked.serialNumber()));
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(new BigInteger(good.serialNumber()))).isNull();
        assertThat(crl.getRevokedCertificates()).hasSize(1);
    }

    @Test
    void theCrlIsServedAsDerAndAsPemAndIsTheSameBytesEveryTimeAndFromAnotherInstance() throws Exception {
        HttpResponse<byte[]> der = get("/crl/" + GROUP);
        HttpResponse<byte[]> pem = get("/crl/" + GROUP + ".pem");

        assertThat(der.statusCode()).isEqualTo(200);
        assertThat(der.headers().firstValue("Content-Type")).contains("application/pkix-crl");
        assertThat(new String(pem.body(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN X509 CRL-----\n")
                .endsWith("-----END X509 CRL-----\n");
        assertThat(crl(pem.body()).getEncoded()).isEqualTo(der.body());
        assertThat(get("/crl/" + GROUP).body()).isEqualTo(der.body());

        Worker other = Worker.start(WorkerConfig.forWorker(lifecycle.worker.settings()), Clock.systemUTC());
        try {
            HttpResponse<byte[]> fromOther = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + other.metricsPort() + "/crl/" + GROUP)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fromOther.body()).isEqualTo(der.body());
        } finally {
            other.close();
        }
    }

    @Test
    void anUnknownProjectHasNoCrl() throws Exception {
        assertThat(get("/crl/0123456789abcdef01234567").statusCode()).isEqualTo(404);
        assertThat(get("/crl/not-a-project").statusCode()).isEqualTo(404);
    }

    @Test
    void opensslVerifyWithCrlCheckRefusesTheRevokedCertificateAndAcceptsTheOther() throws Exception {
        write("crl.pem", new String(get("/crl/" + GROUP + ".pem").body(), StandardCharsets.US_ASCII));

        Openssl.Result refused = Openssl.run(directory, "verify", "-crl_check", "-CAfile", "root.pem", "-untrusted",
                "ca.pem", "-CRLfile", "crl.pem", "alice.pem");
        Openssl.Result accepted = Openssl.run(directory, "verify", "-crl_check", "-CAfile", "root.pem", "-untrusted",
                "ca.pem", "-CRLfile", "crl.pem", "bob.pem");

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        assertThat(accepted.exitCode()).as(accepted.output()).isZero();
        assertThat(accepted.output()).contains("bob.pem: OK");
    }

    @Test
    void opensslOcspSaysRevokedWithTheReasonAndGoodAndChecksTheNonceAndSignature() throws Exception {
        String url = "http://127.0.0.1:" + lifecycle.worker.worker().metricsPort() + "/ocsp/" + GROUP;

        Openssl.Result alice = Openssl.run(directory, "ocsp", "-issuer", "ca.pem", "-cert", "alice.pem", "-url", url,
                "-CAfile", "root.pem", "-VAfile", "ca.pem");
        Openssl.Result bob = Openssl.run(directory, "ocsp", "-issuer", "ca.pem", "-cert", "bob.pem", "-url", url,
                "-CAfile", "root.pem", "-VAfile", "ca.pem");

        assertThat(alice.output()).contains("Response verify OK", "alice.pem: revoked", "Reason: keyCompromise")
                .doesNotContain("WARNING: no nonce");
        assertThat(bob.output()).contains("Response verify OK", "bob.pem: good").doesNotContain("WARNING");
    }

    @Test
    void theGetFormOfOcspAnswersTooAndGarbageIsAMalformedRequest() throws Exception {
        X509CertificateHolder issuer = new X509CertificateHolder(Pems.certificates(good.caCertificatePem()).get(0)
                .getEncoded());
        CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1), issuer,
                new BigInteger(revoked.serialNumber()));
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        String path = "/ocsp/" + GROUP + "/" + URLEncoder.encode(Base64.getEncoder().encodeToString(request),
                StandardCharsets.US_ASCII);

        OCSPResp answer = new OCSPResp(get(path).body());
        assertThat(answer.getStatus()).isZero();
        BasicOCSPResp basic = (BasicOCSPResp) answer.getResponseObject();
        assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);

        assertThat(new OCSPResp(post("/ocsp/" + GROUP, "hello".getBytes()).body()).getStatus())
                .as("malformedRequest").isEqualTo(1);
        HttpResponse<byte[]> huge = post("/ocsp/" + GROUP, new byte[100_000]);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new OCSPResp(huge.body()).getStatus()).isEqualTo(1);
        assertThat(new OCSPResp(post("/ocsp/0123456789abcdef01234567", request).body()).getStatus())
                .as("unauthorized").isEqualTo(6);
    }

    @Test
    void aTlsServerCheckingTheCrlRefusesTheRevokedClientCertificateAndAcceptsTheOther() throws Exception {
        X509CRL crl = crl(get("/crl/" + GROUP).body());
        X509Certificate rootCa = Pems.certificates(good.caCertificatePem()).get(1);
        X509Certificate projectCa = Pems.certificates(good.caCertificatePem()).get(0);

        assertThat(handshake(crl, rootCa, projectCa, good)).isEqualTo("hello bob");
        assertThatThrownBy(() -> handshake(crl, rootCa, projectCa, revoked))
                .hasStackTraceContaining("revoked");
    }

    /** A TLS server (the server's certificate is bob's too: any will do) that checks client certificates' CRL. */
    private static String handshake(X509CRL crl, X509Certificate rootCa, X509Certificate projectCa,
                                    CertificateIssued client) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers(good, projectCa), trustManagersCheckingCrl(crl, rootCa, projectCa), null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(keyManagers(client, projectCa), anyServer(), null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(true);
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                    accepted.startHandshake();
                    String name = accepted.getSession().getPeerPrincipal().getName();
                    try (OutputStream out = accepted.getOutputStream()) {
                        out.write(("hello " + name.substring(3) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    return name;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                served.get(30, TimeUnit.SECONDS);
                return line;
            } catch (Exception e) {
                try {
                    served.get(30, TimeUnit.SECONDS);
                } catch (Exception serverSide) {
                    throw serverSide;
                }
                throw e;
            }
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagersCheckingCrl(X509CRL crl, X509Certificate rootCa,
                                                                        X509Certificate projectCa) throws Exception {
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(Set.of(new TrustAnchor(rootCa, null)),
                new X509CertSelector());
        parameters.addCertStore(CertStore.getInstance("Collection",
                new CollectionCertStoreParameters(List.of(crl, projectCa))));
        PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX")
                .getRevocationChecker();
        // As mongod's CRLFile: the client certificate is checked against the CRL, and nothing else is asked.
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
        parameters.addCertPathChecker(checker);
        parameters.setRevocationEnabled(true);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(parameters));
        return factory.getTrustManagers();
    }

    /** The client takes any server: what is tested here is the server's check of the client's certificate. */
    private static javax.net.ssl.TrustManager[] anyServer() {
        return new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
    }

    private static javax.net.ssl.KeyManager[] keyManagers(CertificateIssued issued, X509Certificate projectCa)
            throws Exception {
        String pem = issued.pem();
        String key = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY"))
                .replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("me", privateKey, "x".toCharArray(), new java.security.cert.Certificate[] {
                Pems.certificates(pem).get(0), projectCa});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "x".toCharArray());
        return factory.getKeyManagers();
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + lifecycle.worker.worker().metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + lifecycle.worker.worker().metricsPort() + path))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static X509CRL crl(byte[] derOrPem) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(derOrPem));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(directory.resolve(name), text);
    }
}
