package io.certworker.issuance.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crl.base.url and ocsp.base.url put pointers into client certificates; without them, Atlas's shape stays. */
class RevocationPointersTest {
    @TempDir
    Path directory;

    @Test
    void withBaseUrlsTheCertificateNamesTheProjectsCrlAndOcspResponder() throws Exception {
        CaSettings ec = CaTestKit.ecSettings();
        CaSettings withPointers = new CaSettings(ec.subjectKeyAlgorithm(), ec.caKeyAlgorithm(),
                ec.organizationalUnit(), ec.organization(), ec.groupCaValidity(), ec.rootValidity(),
                "http://pki.example:9404", "http://ocsp.example:9404");
        Issuer issuer = InternalCaIssuer.create(withPointers,
                new RootCaSource.GeneratedIn(directory.resolve("root")), directory.resolve("groups"),
                CaTestKit.DIRECT, CaTestKit.clockAt(CaTestKit.NOW));

        IssuedCertificate issued = CaTestKit.issue(issuer, "alice");
        Extensions extensions = CaTestKit.holder(CaTestKit.leaf(issued)).getExtensions();

        assertThat(extensions.getExtensionOIDs()).containsExactly(Extension.keyUsage, Extension.extendedKeyUsage,
                Extension.cRLDistributionPoints, Extension.authorityInfoAccess);
        assertThat(extensions.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                Extension.cRLDistributionPoints, Extension.authorityInfoAccess);
        CRLDistPoint crl = CRLDistPoint.fromExtensions(extensions);
        GeneralName crlName = ((GeneralNames) crl.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames()[0];
        assertThat(crlName.getName().toString()).isEqualTo("http://pki.example:9404/crl/" + CaTestKit.GROUP_ID);
        AccessDescription ocsp = AuthorityInformationAccess.fromExtensions(extensions).getAccessDescriptions()[0];
        assertThat(ocsp.getAccessMethod()).isEqualTo(X509ObjectIdentifiers.ocspAccessMethod);
        assertThat(ocsp.getAccessLocation().getName().toString())
                .isEqualTo("http://ocsp.example:9404/ocsp/" + CaTestKit.GROUP_ID);
        CaTestKit.verifyChain(issued, CaTestKit.NOW);
    }

    @Test
    void withoutThemTheCertificateHasAtlasShapeAndNoPointer() {
        Issuer issuer = CaTestKit.ecIssuer(directory, CaTestKit.clockAt(CaTestKit.NOW));

        X509Certificate leaf = CaTestKit.leaf(CaTestKit.issue(issuer, "alice"));

        assertThat(leaf.getExtensionValue(Extension.cRLDistributionPoints.getId())).isNull();
        assertThat(leaf.getExtensionValue(Extension.authorityInfoAccess.getId())).isNull();
    }
}
