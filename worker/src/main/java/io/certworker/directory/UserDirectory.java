package io.certworker.directory;

import java.util.concurrent.CompletionStage;

/** Answers who a database user is. */
public interface UserDirectory {

    /**
     * Looks a user up. When the user is not known yet, the answer may wait briefly until the directory has read
     * everything written to it so far, so that a user created just before its first request is found.
     */
    CompletionStage<UserLookup> lookUp(String groupId, String username);
}
