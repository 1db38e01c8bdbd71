package io.certworker.cli;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.validation.RequestValidator;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --groupId} of the commands about one project, as Atlas's CLI names it, and Atlas's check of it. A mixin of
 * the commands; the option groups that name more than the project extend it.
 */
class GroupIdOption {
    @Option(names = "--groupId", required = true, paramLabel = "ID",
            description = "Unique 24-hexadecimal digit string that identifies your project.")
    String groupId;

    /** Atlas's {@code INVALID_GROUP_ID} when the value is not a project's id. */
    Optional<AtlasApiError> invalidGroupId() {
        return RequestValidator.isGroupId(groupId) ? Optional.empty()
                : Optional.of(ErrorCode.INVALID_GROUP_ID.error(groupId));
    }
}
