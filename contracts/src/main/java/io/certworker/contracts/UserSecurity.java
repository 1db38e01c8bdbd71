package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A project's user-security settings (compacted topic {@code user-security}, key {@code groupId}): the event form of
 * Atlas's {@code GET/PATCH /api/atlas/v2/groups/{groupId}/userSecurity}. While {@code customerX509.cas} is set (the
 * project manages its own CA: self-managed X.509), managed certificates are refused with
 * {@code CANNOT_GENERATE_CERT_IF_ADVANCED_X509}. A record without {@code customerX509}, or a tombstone, clears it (the
 * equivalent of {@code DELETE .../userSecurity/customerX509}).
 *
 * @param schemaVersion version of this format
 * @param groupId       the Atlas project
 * @param customerX509  the project's own CA, or null when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserSecurity(Integer schemaVersion, String groupId, CustomerX509 customerX509) {

    /** Settings in the current format. */
    public static UserSecurity of(String groupId, CustomerX509 customerX509) {
        return new UserSecurity(SchemaVersion.CURRENT, groupId, customerX509);
    }

    /** True when the project has a CA of its own set. */
    public boolean customerX509Enabled() {
        return customerX509 != null && customerX509.cas() != null && !customerX509.cas().isBlank();
    }

    /**
     * Atlas's {@code customerX509}.
     *
     * @param cas the PEM certificates of the project's own CA(s), concatenated
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CustomerX509(String cas) {
    }
}
