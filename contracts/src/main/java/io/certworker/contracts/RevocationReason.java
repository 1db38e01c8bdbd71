package io.certworker.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Why a certificate is revoked: the reason codes of RFC 5280 (section 5.3.1) that a revocation request may name, by
 * their RFC names. {@code certificateHold} (a revocation that can be undone), {@code removeFromCRL} (delta CRLs only)
 * and {@code aACompromise} (attribute certificates) are not accepted: a revocation here is final.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    CA_COMPROMISE("cACompromise", 2),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9);

    private final String wireName;
    private final int code;

    RevocationReason(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    /** The RFC 5280 name, as events carry it, for example {@code keyCompromise}. */
    public String wireName() {
        return wireName;
    }

    /** The RFC 5280 {@code CRLReason} code, as CRL entries and OCSP answers carry it. */
    public int code() {
        return code;
    }

    /** The reason of this RFC 5280 name (exact spelling), if it is one that may be requested. */
    public static Optional<RevocationReason> ofWireName(String name) {
        return Arrays.stream(values()).filter(reason -> reason.wireName.equals(name)).findFirst();
    }

    /** Every name that may be requested, in code order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(RevocationReason::wireName).toList();
    }
}
