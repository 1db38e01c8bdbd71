package io.certworker.cli;

import io.certworker.apierror.AtlasApiError;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Atlas's paging options, shared by the commands that list. */
final class PagingOptions {
    @Option(names = "--itemsPerPage", defaultValue = "100", paramLabel = "N",
            description = "Items per page, 1 to 500. Default: ${DEFAULT-VALUE}.")
    int itemsPerPage;

    @Option(names = "--pageNum", defaultValue = "1", paramLabel = "N",
            description = "Page to return, from 1. Default: ${DEFAULT-VALUE}.")
    int pageNum;

    @Option(names = "--includeCount", defaultValue = "true", arity = "1", paramLabel = "BOOLEAN",
            description = "Whether the answer holds totalCount. Default: ${DEFAULT-VALUE}.")
    boolean includeCount;

    /** Atlas's error for a page size or number out of range, if there is one. */
    Optional<AtlasApiError> error() {
        return AtlasPages.check(itemsPerPage, pageNum);
    }
}
