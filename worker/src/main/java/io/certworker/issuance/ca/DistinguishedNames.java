package io.certworker.issuance.ca;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.X500NameStyle;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The names the CA writes into certificates, always built attribute by attribute with BouncyCastle's
 * {@link X500NameBuilder}: a username is one {@code CN} value whatever characters it holds ({@code eve,O=Evil} stays
 * one CN), never a DN string to be parsed.
 *
 * <p>Values are handed to the builder already encoded: given a {@code String}, BouncyCastle would still interpret
 * it (a leading {@code #} as hex DER, a leading backslash as an escape) and refuse UTF-8 values over 64 characters.
 */
final class DistinguishedNames {
    private static final X500NameStyle STYLE = BCStyle.INSTANCE;

    private DistinguishedNames() {
    }

    /** {@code CN=<username>}, nothing else. */
    static X500Name user(String username) {
        return new X500NameBuilder(STYLE).addRDN(BCStyle.CN, directoryString(username)).build();
    }

    /** {@code CN=<groupId>, OU=<ou>, O=<o>}, in that order, like Atlas's per-project CA. */
    static X500Name groupCa(String groupId, String organizationalUnit, String organization) {
        return new X500NameBuilder(STYLE)
                .addRDN(BCStyle.CN, directoryString(groupId))
                .addRDN(BCStyle.OU, directoryString(organizationalUnit))
                .addRDN(BCStyle.O, directoryString(organization))
                .build();
    }

    /** {@code CN=<commonName>, O=<o>}. */
    static X500Name root(String commonName, String organization) {
        return new X500NameBuilder(STYLE)
                .addRDN(BCStyle.CN, directoryString(commonName))
                .addRDN(BCStyle.O, directoryString(organization))
                .build();
    }

    /** The RFC 4514 text of a name, with any special characters of its values escaped. */
    static String text(X500Name name) {
        return X500Name.getInstance(STYLE, name).toString();
    }

    /** Like Atlas, PrintableString where the value allows it, UTF8String otherwise; the value taken literally. */
    private static ASN1Encodable directoryString(String value) {
        return DERPrintableString.isPrintableString(value) ? new DERPrintableString(value) : new DERUTF8String(value);
    }
}
