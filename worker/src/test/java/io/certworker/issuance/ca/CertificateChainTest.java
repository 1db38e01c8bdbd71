package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.O;
import static io.certworker.issuance.ca.CaTestKit.OU;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.holder;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.issuance.IssuedCertificate;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain that goes with every certificate: the project's CA, then the root; and the project CA's name. */
class CertificateChainTest {
    @TempDir
    static Path dir;
    private static IssuedCertificate issued;

    @BeforeAll
    static void issueOne() {
        issued = issue(ecIssuer(dir, clockAt(NOW)), GROUP_ID, "alice", 3);
    }

    @Test
    void theCaPemHoldsTheGroupCaThenASelfSignedRoot() throws Exception {
        List<X509Certificate> chain = CaTestKit.certificates(issued.caCertificatePem());

        assertThat(chain).hasSize(2);
        X509Certificate groupCa = chain.get(0);
        X509Certificate root = chain.get(1);
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        root.verify(root.getPublicKey());
        groupCa.verify(root.getPublicKey());
        assertThat(groupCa.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root.getBasicConstraints()).as("root is a CA").isEqualTo(Integer.MAX_VALUE);
        assertThat(groupCa.getBasicConstraints()).as("group CA may sign end entities only").isZero();
    }

    @Test
    void theLeafAndItsChainVerifyWithPkixTrustingOnlyTheRoot() {
        assertThatNoException().isThrownBy(() -> CaTestKit.verifyChain(issued, NOW));
        assertThatNoException().isThrownBy(() -> CaTestKit.verifyChain(issued, NOW.plus(Duration.ofDays(85))));
    }

    @Test
    void theChainDoesNotVerifyAgainstAnotherRoot() {
        X509Certificate stranger = CaTestKit.selfSignedCa("stranger", CaTestKit.ecKeyPair());

        assertThatThrownBy(() -> CaTestKit.verifyChain(CaTestKit.leaf(issued),
                List.of(CaTestKit.groupCa(issued)), stranger, NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void theGroupCaIsNamedCnGroupIdOuThenOInThatOrderAsPrintableStrings() {
        RDN[] rdns = holder(CaTestKit.groupCa(issued)).getSubject().getRDNs();

        assertThat(rdns).hasSize(3).allSatisfy(rdn -> assertThat(rdn.isMultiValued()).isFalse());
        assertThat(Arrays.stream(rdns).map(rdn -> rdn.getFirst().getType()))
                .containsExactly(BCStyle.CN, BCStyle.OU, BCStyle.O);
        assertThat(Arrays.stream(rdns).map(RDN::getFirst).map(AttributeTypeAndValue::getValue))
                .allSatisfy(value -> assertThat(value).isInstanceOf(DERPrintableString.class));
        assertThat(Arrays.stream(rdns).map(rdn -> rdn.getFirst().getValue().toString()))
                .containsExactly(GROUP_ID, OU, O);
    }

    @Test
    void theLeafsIssuerIsByteForByteTheGroupCasSubject() throws Exception {
        X500Name groupCaSubject = holder(CaTestKit.groupCa(issued)).getSubject();
        X500Name leafIssuer = holder(CaTestKit.leaf(issued)).getIssuer();

        assertThat(leafIssuer.getEncoded()).isEqualTo(groupCaSubject.getEncoded());
        assertThat(CaTestKit.leaf(issued).getIssuerX500Principal().getName())
                .as("the JDK writes RDNs last first").isEqualTo("O=MongoDB Inc,OU=Atlas,CN=" + GROUP_ID);
    }

    @Test
    void theLeafIsSignedByTheGroupCasKey() throws Exception {
        CaTestKit.leaf(issued).verify(CaTestKit.groupCa(issued).getPublicKey());
    }
}
