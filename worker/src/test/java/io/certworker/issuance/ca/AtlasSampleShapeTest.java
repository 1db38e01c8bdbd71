package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.holder;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the internal CA makes for the sample's request (same project, user and months, at the sample's time) has the
 * shape of the real Atlas certificate. Fast EC keys here; {@link RsaDefaultsTest} compares keys and signatures.
 */
class AtlasSampleShapeTest {
    @TempDir
    static Path dir;
    private static IssuedCertificate issued;
    private static X509CertificateHolder ours;

    @BeforeAll
    static void issueTheSamplesRequest() {
        issued = issue(ecIssuer(dir, clockAt(NOW)), AtlasSample.GROUP_ID, AtlasSample.USERNAME, 3);
        ours = holder(CaTestKit.leaf(issued));
    }

    @Test
    void theSampleIsWhatTheReferenceSaysItIs() {
        X509Certificate atlas = AtlasSample.certificate();

        assertThat(atlas.getSubjectX500Principal().getName()).isEqualTo("CN=user389");
        assertThat(atlas.getIssuerX500Principal().getName()).as("the JDK writes RDNs last first")
                .isEqualTo("O=MongoDB Inc,OU=Atlas,CN=5efda6aea3f2ed2e7dd6ce05");
        assertThat(atlas.getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void theLeafHasTheSamplesVersionExtensionsAndNameStructure() {
        AtlasSample.assertSameShape(ours);
    }

    @Test
    void forTheSameProjectAndUserSubjectAndIssuerAreByteForByteTheSamples() throws Exception {
        X509CertificateHolder atlas = AtlasSample.holder();

        assertThat(ours.getSubject().getEncoded()).isEqualTo(atlas.getSubject().getEncoded());
        assertThat(ours.getIssuer().getEncoded()).isEqualTo(atlas.getIssuer().getEncoded());
    }

    @Test
    void atTheSamplesTimeTheValidityIsTheSamples() {
        X509Certificate atlas = AtlasSample.certificate();
        X509Certificate leaf = CaTestKit.leaf(issued);

        assertThat(leaf.getNotBefore()).isEqualTo(atlas.getNotBefore());
        assertThat(leaf.getNotAfter()).isEqualTo(atlas.getNotAfter());
        assertThat(issued.createdAt()).isEqualTo(atlas.getNotBefore().toInstant());
    }

    @Test
    void theRecordedSubjectTextIsTheSamples() {
        assertThat(issued.subject()).isEqualTo("CN=" + AtlasSample.USERNAME)
                .isEqualTo(AtlasSample.certificate().getSubjectX500Principal().getName());
    }
}
