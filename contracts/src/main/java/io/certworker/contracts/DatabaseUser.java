package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A database user (compacted topic {@code db-users}, key {@code groupId/username}; a tombstone, or a record with an
 * empty value, deletes the user; only a tombstone lets compaction remove the key for good).
 *
 * @param schemaVersion version of this format
 * @param groupId       the Atlas project
 * @param username      the user's name; for {@link X509Type#MANAGED} users a plain name up to 1024 characters
 * @param databaseName  the authentication database; X.509 users live in {@code $external}
 * @param x509Type      how the user authenticates with X.509; absent means {@link X509Type#NONE}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatabaseUser(
        Integer schemaVersion,
        String groupId,
        String username,
        String databaseName,
        X509Type x509Type) {

    /** The authentication database of X.509 users. */
    public static final String EXTERNAL_DATABASE = "$external";

    /** A user in the current format. */
    public static DatabaseUser of(String groupId, String username, String databaseName, X509Type x509Type) {
        return new DatabaseUser(SchemaVersion.CURRENT, groupId, username, databaseName, x509Type);
    }

    /** The user's X.509 type, {@link X509Type#NONE} when absent. */
    public X509Type x509TypeOrDefault() {
        return x509Type == null ? X509Type.NONE : x509Type;
    }
}
