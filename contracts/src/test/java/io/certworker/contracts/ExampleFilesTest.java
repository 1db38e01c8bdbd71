package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The example files under {@code examples/}: valid, readable by the codec, and consistent with each other. */
class ExampleFilesTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("certificate-request.json", Schemas.REQUEST, CertificateRequest.class),
                Arguments.of("certificate-issued.json", Schemas.ISSUED, CertificateIssued.class),
                Arguments.of("certificate-failed.json", Schemas.FAILED, CertificateFailed.class),
                Arguments.of("certificate-failed-validation.json", Schemas.FAILED, CertificateFailed.class),
                Arguments.of("database-user.json", Schemas.DATABASE_USER, DatabaseUser.class),
                Arguments.of("ledger-entry.json", Schemas.LEDGER_ENTRY, LedgerEntry.class),
                Arguments.of("user-security.json", Schemas.USER_SECURITY, UserSecurity.class),
                Arguments.of("user-security-cleared.json", Schemas.USER_SECURITY, UserSecurity.class),
                Arguments.of("request-state-answered.json", Schemas.REQUEST_STATE, RequestState.class),
                Arguments.of("request-state-minting.json", Schemas.REQUEST_STATE, RequestState.class),
                Arguments.of("certificate-request-renewal.json", Schemas.REQUEST, CertificateRequest.class),
                Arguments.of("ledger-entry-revoked.json", Schemas.LEDGER_ENTRY, LedgerEntry.class),
                Arguments.of("revocation-request.json", Schemas.REVOCATION_REQUEST, RevocationRequest.class),
                Arguments.of("certificate-revoked.json", Schemas.REVOKED, CertificateRevoked.class),
                Arguments.of("certificate-failed-revocation.json", Schemas.FAILED, CertificateFailed.class),
                Arguments.of("certificate-expiring.json", Schemas.EXPIRING, CertificateExpiring.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleValidatesAgainstItsSchema(String example, String schema, Class<?> type) {
        assertThat(Schemas.validate(schema, Schemas.resourceTree("examples/" + example))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleDecodesIntoItsRecordAndEncodesBackToTheSameJson(String example, String schema, Class<?> type) {
        byte[] json = Schemas.resource("examples/" + example);

        Object event = EventCodec.instance().decode(json, type);

        assertThat(event).isNotNull();
        assertThat(Schemas.tree(EventCodec.instance().toJson(event, false)))
                .isEqualTo(Schemas.resourceTree("examples/" + example));
    }

    @Test
    void theRequestExampleIsAlicesRequestForThreeMonths() {
        CertificateRequest request = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-request.json"), CertificateRequest.class);

        assertThat(request).isEqualTo(Fixtures.request());
    }

    @Test
    void theFailedExampleUsesAtlasWordingForAUserWithoutManagedX509() {
        CertificateFailed failed = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-failed.json"), CertificateFailed.class);

        assertThat(failed.error()).isEqualTo(400);
        assertThat(failed.errorCode()).isEqualTo("USER_NOT_MANAGED_X509");
        assertThat(failed.detail()).isEqualTo("The user does not have managed mode X509 enabled.");
        assertThat(failed.reason()).isEqualTo("Bad Request");
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void theValidationExampleNamesTwoFieldsInBadRequestDetail() {
        CertificateFailed failed = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-failed-validation.json"), CertificateFailed.class);

        assertThat(failed.error()).isEqualTo(400);
        assertThat(failed.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(failed.badRequestDetail().fields()).extracting(FieldError::field)
                .containsExactly("username", "monthsUntilExpiration");
    }

    @Test
    void theIssuedExamplesPemIsItsCertificateThenTheMatchingPkcs8Key() throws Exception {
        CertificateIssued issued = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-issued.json"), CertificateIssued.class);
        List<String> blocks = pemBlocks(issued.pem());
        X509Certificate certificate = certificate(blocks.get(0));
        X509Certificate ca = certificate(pemBlocks(issued.caCertificatePem()).get(0));

        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(blocks.get(1)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(certificate.getSerialNumber()).isEqualTo(new BigInteger(issued.serialNumber()));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo(issued.subject());
        assertThat(issued.subject()).isEqualTo("CN=" + issued.username());
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(issued.notBefore());
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(issued.notAfter());
        assertThat(issued.createdAt()).isEqualTo(issued.notBefore());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        certificate.verify(ca.getPublicKey());

        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(blocks.get(1))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update("alice".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update("alice".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).as("the key belongs to the certificate").isTrue();
    }

    @Test
    void theIssuedExampleFollowsAtlasValidityRules() {
        CertificateIssued issued = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-issued.json"), CertificateIssued.class);
        Instant handled = issued.notBefore().plusSeconds(3600);

        assertThat(issued.notAfter()).isEqualTo(
                handled.atZone(java.time.ZoneOffset.UTC).plusMonths(3).toInstant());
    }

    @Test
    void theLedgerExampleDescribesTheIssuedExamplesCertificateWithoutItsKey() {
        CertificateIssued issued = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-issued.json"), CertificateIssued.class);
        LedgerEntry entry = EventCodec.instance()
                .decode(Schemas.resource("examples/ledger-entry.json"), LedgerEntry.class);
        String ledgerJson = new String(Schemas.resource("examples/ledger-entry.json"), StandardCharsets.UTF_8);

        assertThat(entry.id()).isEqualTo(new BigInteger(issued.serialNumber()));
        assertThat(entry.groupId()).isEqualTo(issued.groupId());
        assertThat(entry.subject()).isEqualTo(issued.subject());
        assertThat(entry.createdAt()).isEqualTo(issued.createdAt());
        assertThat(entry.notAfter()).isEqualTo(issued.notAfter());
        assertThat(ledgerJson).doesNotContain("PRIVATE KEY", "BEGIN");
        JsonNode tree = Schemas.resourceTree("examples/ledger-entry.json");
        assertThat(tree.path("_id").isIntegralNumber()).as("_id is a JSON number, as Atlas lists it").isTrue();
    }

    @Test
    void theLifecycleExamplesAreAboutTheIssuedExamplesCertificate() {
        CertificateIssued issued = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-issued.json"), CertificateIssued.class);
        RevocationRequest revocation = EventCodec.instance()
                .decode(Schemas.resource("examples/revocation-request.json"), RevocationRequest.class);
        CertificateRevoked revoked = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-revoked.json"), CertificateRevoked.class);
        LedgerEntry revokedEntry = EventCodec.instance()
                .decode(Schemas.resource("examples/ledger-entry-revoked.json"), LedgerEntry.class);
        CertificateExpiring expiring = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-expiring.json"), CertificateExpiring.class);
        CertificateRequest renewal = EventCodec.instance()
                .decode(Schemas.resource("examples/certificate-request-renewal.json"), CertificateRequest.class);

        assertThat(revocation).isEqualTo(Fixtures.revocation());
        assertThat(revoked).isEqualTo(Fixtures.revoked());
        assertThat(revocation.serialNumber()).isEqualTo(issued.serialNumber());
        assertThat(revoked.requestId()).isEqualTo(revocation.requestId());
        assertThat(revoked.reason()).isEqualTo(revocation.reason());
        assertThat(revokedEntry).isEqualTo(Fixtures.revokedLedgerEntry());
        assertThat(revokedEntry.revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(revokedEntry.revocationReason()).isEqualTo(revoked.reason());
        assertThat(expiring.serialNumber()).isEqualTo(issued.serialNumber());
        assertThat(expiring.notAfter()).isEqualTo(issued.notAfter());
        assertThat(renewal.renewalOf()).isEqualTo(issued.serialNumber());
    }

    @Test
    void theUserSecurityExampleHoldsARealSelfSignedEcP256CustomerCa() throws Exception {
        UserSecurity settings = EventCodec.instance()
                .decode(Schemas.resource("examples/user-security.json"), UserSecurity.class);
        List<String> blocks = pemBlocks(settings.customerX509().cas());
        X509Certificate ca = certificate(blocks.get(0));

        assertThat(settings.customerX509Enabled()).isTrue();
        assertThat(blocks).hasSize(1);
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Example Customer CA");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField()
                .getFieldSize()).as("P-256").isEqualTo(256);
        ca.verify(ca.getPublicKey());
        assertThat(settings.customerX509().cas()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void theClearedUserSecurityExampleHasNoCustomerCa() {
        UserSecurity settings = EventCodec.instance()
                .decode(Schemas.resource("examples/user-security-cleared.json"), UserSecurity.class);

        assertThat(settings).isEqualTo(Fixtures.customerCaCleared());
        assertThat(settings.customerX509Enabled()).isFalse();
        assertThat(Schemas.resourceTree("examples/user-security-cleared.json").has("customerX509")).isFalse();
    }

    @Test
    void examplesUseTheSameUserAndProject() {
        examples().map(arguments -> (String) arguments.get()[0]).forEach(example -> {
            JsonNode tree = Schemas.resourceTree("examples/" + example);
            assertThat(tree.path("groupId").asText()).as(example).isEqualTo(Fixtures.GROUP_ID);
            if (tree.has("username")) {
                assertThat(tree.path("username").asText()).as(example).isEqualTo(Fixtures.USERNAME);
            }
            assertThat(tree.path("schemaVersion").asInt()).as(example).isEqualTo(SchemaVersion.CURRENT);
        });
    }

    private static List<String> pemBlocks(String pem) {
        Matcher matcher = Pattern.compile("-----BEGIN ([A-Z ]+)-----.*?-----END \\1-----\n", Pattern.DOTALL)
                .matcher(pem);
        List<String> blocks = new java.util.ArrayList<>();
        int end = 0;
        while (matcher.find()) {
            assertThat(matcher.start()).as("nothing between PEM blocks").isEqualTo(end);
            blocks.add(matcher.group());
            end = matcher.end();
        }
        assertThat(end).as("nothing after the last PEM block").isEqualTo(pem.length());
        return blocks;
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
