package io.certworker.issuance.ca;

import java.util.Optional;

/** Keeps the per-project CAs, so that every certificate of a project comes from the same CA across restarts. */
interface GroupCaStore {

    Optional<StoredCa> load(String groupId);

    /**
     * Keeps {@code candidate} unless a CA is already kept for the project, and answers the one that is kept: the
     * first writer wins, and every caller ends up with the same CA.
     */
    StoredCa storeIfAbsent(String groupId, StoredCa candidate);
}
