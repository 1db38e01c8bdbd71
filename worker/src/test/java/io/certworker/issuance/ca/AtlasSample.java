package io.certworker.issuance.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The certificate part of a real Atlas answer to {@code POST /api/atlas/v2/groups/5efda6aea3f2ed2e7dd6ce05/
 * databaseUsers/user389/certs} (monthsUntilExpiration 3), copied from the project's reference samples
 * ({@code atlas-samples/atlas-managed-cert.pem}), which recorded it from the Atlas CLI's end-to-end snapshots.
 */
final class AtlasSample {
    static final String USERNAME = "user389";
    static final String GROUP_ID = "5efda6aea3f2ed2e7dd6ce05";
    static final String PEM = resource("atlas-samples/atlas-managed-cert.pem");

    private AtlasSample() {
    }

    static X509Certificate certificate() {
        return CaTestKit.certificates(PEM).get(0);
    }

    static X509CertificateHolder holder() {
        return CaTestKit.holder(certificate());
    }

    /**
     * Asserts that {@code ours} has the sample's shape: version, the same extensions with the same criticality and
     * the same values, a subject of one CN and an issuer of CN, OU, O, with the same string types throughout.
     */
    static void assertSameShape(X509CertificateHolder ours) {
        X509CertificateHolder atlas = holder();
        assertThat(ours.getVersionNumber()).isEqualTo(atlas.getVersionNumber()).isEqualTo(3);

        assertThat(ours.getExtensions().getExtensionOIDs()).containsExactly(atlas.getExtensions().getExtensionOIDs());
        for (ASN1ObjectIdentifier oid : atlas.getExtensions().getExtensionOIDs()) {
            Extension theirs = atlas.getExtension(oid);
            Extension mine = ours.getExtension(oid);
            assertThat(mine.isCritical()).as("criticality of %s", oid).isEqualTo(theirs.isCritical());
            assertThat(mine.getExtnValue()).as("value of %s", oid).isEqualTo(theirs.getExtnValue());
        }

        assertThat(structure(ours.getSubject())).isEqualTo(structure(atlas.getSubject()))
                .containsExactly("CN:DERPrintableString");
        assertThat(structure(ours.getIssuer())).isEqualTo(structure(atlas.getIssuer()))
                .containsExactly("CN:DERPrintableString", "OU:DERPrintableString", "O:DERPrintableString");
        assertThat(ours.getSerialNumber().signum()).isEqualTo(atlas.getSerialNumber().signum()).isEqualTo(1);
    }

    /** Each RDN as {@code TYPE:StringClass}; multi-valued RDNs show as such. */
    static List<String> structure(X500Name name) {
        List<String> rdns = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            StringBuilder text = new StringBuilder();
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (text.length() > 0) {
                    text.append('+');
                }
                text.append(BCStyle.INSTANCE.oidToDisplayName(attribute.getType())).append(':')
                        .append(attribute.getValue().getClass().getSimpleName());
            }
            rdns.add(text.toString());
        }
        return rdns;
    }

    /** A recorded Atlas answer from the test resources ({@code atlas-samples/}, copied from the reference samples). */
    private static String resource(String name) {
        try (java.io.InputStream in = AtlasSample.class.getClassLoader().getResourceAsStream(name)) {
            return new String(java.util.Objects.requireNonNull(in, name).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
