package io.certworker.directory;

import io.certworker.contracts.DatabaseUser;
import java.util.Objects;

/** What the directory knows about one user of one project. */
public sealed interface UserLookup {

    /** The user exists. */
    record Found(DatabaseUser user) implements UserLookup {
        public Found {
            Objects.requireNonNull(user, "user");
        }
    }

    /** The project has users, but not this one. */
    record UnknownUser() implements UserLookup {
    }

    /** The directory knows no user of this project at all. */
    record UnknownGroup() implements UserLookup {
    }
}
