package io.certworker.cli;

import io.certworker.apierror.AtlasApiError;
import io.certworker.contracts.EventCodec;
import picocli.CommandLine;

/** How commands report an Atlas error: its envelope on standard error, and exit code 1. */
final class AtlasErrors {
    static final int EXIT_CODE = ExitCodes.REFUSED;

    private AtlasErrors() {
    }

    static int print(CommandLine commandLine, AtlasApiError error, boolean pretty) {
        AtlasErrorBody body = AtlasErrorBody.of(error.toFailedEvent(null, null, null));
        commandLine.getErr().println(EventCodec.instance().toJson(body, pretty));
        commandLine.getErr().flush();
        return EXIT_CODE;
    }
}
