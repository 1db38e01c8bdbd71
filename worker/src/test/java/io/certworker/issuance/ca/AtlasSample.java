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
    static final String PEM = """
            -----BEGIN CERTIFICATE-----
            MIIFBzCCAu+gAwIBAgIIG266g0iQSpIwDQYJKoZIhvcNAQELBQAwSTEhMB8GA1UE
            AxMYNWVmZGE2YWVhM2YyZWQyZTdkZDZjZTA1MQ4wDAYDVQQLEwVBdGxhczEUMBIG
            A1UEChMLTW9uZ29EQiBJbmMwHhcNMjYwODEwMDIwNjM1WhcNMjYxMTEwMDMwNjM1
            WjASMRAwDgYDVQQDEwd1c2VyMzg5MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIIC
            CgKCAgEAxqluygNIjRLeVhdQpTclHwVMeWTprHw9yNzE0bwHldZvzvur0swauOUU
            8wfX3/rM1DO/FMc7bcTRLn/fleG9kTfeWkr/mzGdABzNoQ8RCZnh7QeU/Hh+DEsO
            yIKza/jU3hiIOGJqL9J0RlaMs3jwBWPt+/e5GwXUyPUKdpZoESCtFvsEcvIC4jjH
            Hpi8caiK1e2NJNyeQMf93joXKB/nNgBTjdKNEkpf5OOcOpQ69JED6sNKj7BIVPop
            k7ZgBLPvvs6rBKFabfZB1NLy5jm2GxJc0AiBERX2ZPi5infCqp6PT/6gMrU60VDN
            L2wPLsHYSb4XtvCIPmaBgk+0mTuz6HfHNTx3pW41x+qBhyWgcmh/1hj0kC2qvsAV
            LRhuKxTjnTW9YHn+eW+6ZojlTgrS/uHPDBkZZLzZwQ3z6F6O+KD3f4pxr6PebWVr
            L261Y1wxx4sYTfgLVpVkWZorVTM0Zg2G+tPrN6xdWCxjDtrokg5zFOWFqtZ6Bpdw
            x7jkCurYPRKcjPpEtrsLMJNo5mNemthHD+sTmOO7ipISw7qvc1XEjV3lo6M/NchX
            WWalojDQx6mHADGdsaVJNUbN+yi8oZmtobQohRQi/cprh6Fl6yavz6hMkAuVs5ey
            kGGtcRRsw1bdGvADovA7HOPSrRuyTMCdrPQZsaUGfx8WmIt4/VkCAwEAAaMqMCgw
            DgYDVR0PAQH/BAQDAgeAMBYGA1UdJQEB/wQMMAoGCCsGAQUFBwMCMA0GCSqGSIb3
            DQEBCwUAA4ICAQCyHFLxTKcYG90nZFiAj79+hxfOPP2NDWu/b6ucpjLaY6v6w0iU
            GGD+GN74A0jMZGmffIz0l5EPnI1cORZWWWORDgYxUvHWmj4ewDBbCzD9EpOdWODr
            RCjvPDoiTE7V9OPHI4DZZh9OTaL1LtWm2xLItBTZOAkG+j5A3pOe62v5hB4O5cv9
            9va1MoJudNAR6YPLyO0TGc9oLfQjYfqL4ZFY0RZooC0+LF+BXiA7mhe18eMOAGCt
            OxvLyRC4fPj76zPYGSGqBbZWXe0RJK+Sm64qQlAWbkX0hhZ0ePFd4dAJ/dQn/Rrf
            QmgaOCKfOHK1opC2YMtumemRfecZcuD/gI2lSfV3VqRQSgO4QSVlGU8py9qcwmBv
            PG2bjnongrfIlgN/FlwmRk0OidFxNTcW50iSLLTepXrOxVbJwpjymeNKN6V0rArg
            lCC6HeR7P8/e9F6uKJzLBMuCS82QY+c+JiDh4vTvnuYOV23IFGq3gSzC+o8fd0ac
            CnH26LMJx11EkQWyqQecGcrzh4LxI/Nw1JC1tXo3JTEzYz5QZsTrLxm83uh5JmtK
            TjSFAECEtsMBS/F2918UEkpJthZN5DfccazHIKBx35LX2qV4jwSwFIAIfQvvqD6i
            L6dJq5k3/+7LKmWYddSNEZBNURT9WV4uDwq6xD4lLvDkR5SvVXNF8kjaGg==
            -----END CERTIFICATE-----
            """;

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
}
