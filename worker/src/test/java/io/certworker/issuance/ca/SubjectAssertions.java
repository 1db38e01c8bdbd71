package io.certworker.issuance.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** The one check every subject must pass, whatever the username: exactly {@code CN=<username>}, nothing more. */
final class SubjectAssertions {
    private SubjectAssertions() {
    }

    /** X.680 PrintableString characters, spelled out here rather than taken from the code under test. */
    static boolean isPrintableString(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean printable = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || " '()+,-./:=?".indexOf(c) >= 0;
            if (!printable) {
                return false;
            }
        }
        return true;
    }

    static void assertSubjectIsExactlyOneCommonName(IssuedCertificate issued, String username) {
        // The encoded certificate, as BouncyCastle decodes it: one RDN holding one CN.
        RDN[] rdns = CaTestKit.holder(CaTestKit.leaf(issued)).getSubject().getRDNs();
        assertThat(rdns).as("RDNs of the subject of a certificate for %s", username).hasSize(1);
        assertThat(rdns[0].size()).as("attributes in the subject's RDN").isEqualTo(1);
        AttributeTypeAndValue attribute = rdns[0].getFirst();
        assertThat(attribute.getType()).isEqualTo(BCStyle.CN);
        ASN1Encodable value = attribute.getValue();
        assertThat(value).isInstanceOf(isPrintableString(username) ? DERPrintableString.class : DERUTF8String.class);
        assertThat(((ASN1String) value).getString()).isEqualTo(username);

        // The JDK's own decoder agrees.
        X500Principal principal = CaTestKit.leaf(issued).getSubjectX500Principal();
        assertOneCn(principal.getName(X500Principal.RFC2253), username);

        // The RFC 4514 text the record carries reads back to the same single CN.
        assertThat(issued.subject()).startsWith("CN=");
        assertOneCn(issued.subject(), username);
    }

    private static void assertOneCn(String rfc4514, String username) {
        assertThat(singleCommonName(rfc4514)).as("the one CN value of '%s'", rfc4514).isEqualTo(username);
    }

    /**
     * The value of an RFC 4514 name that must be a single {@code CN}, read strictly: an unescaped {@code , + ;} (another
     * RDN or attribute), an unescaped quote, a {@code #} BER value or an unescaped leading or trailing space fails.
     * Unlike {@code LdapName}, it keeps every other character as it stands (no trimming of tabs or line ends).
     */
    static String singleCommonName(String rfc4514) {
        assertThat(rfc4514).as("RFC 4514 name").startsWith("CN=");
        String value = rfc4514.substring(3);
        assertThat(value).as("a string value, not a #BER one, in '%s'", rfc4514).doesNotStartWith("#");
        assertThat(value).as("leading space unescaped in '%s'", rfc4514).doesNotStartWith(" ");
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        boolean lastEscaped = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '\\') {
                assertThat(i + 1).as("dangling backslash in '%s'", rfc4514).isLessThan(value.length());
                if (i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                    utf8.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                    i += 3;
                } else {
                    int escaped = value.codePointAt(i + 1);
                    utf8.writeBytes(new String(Character.toChars(escaped)).getBytes(StandardCharsets.UTF_8));
                    i += 1 + Character.charCount(escaped);
                }
                lastEscaped = true;
            } else {
                assertThat(",+;\"".indexOf(c)).as("unescaped '%s' at %d in '%s'", c, i, rfc4514).isNegative();
                int codePoint = value.codePointAt(i);
                utf8.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
                lastEscaped = false;
            }
        }
        assertThat(!lastEscaped && value.endsWith(" ")).as("trailing space unescaped in '%s'", rfc4514).isFalse();
        return utf8.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
