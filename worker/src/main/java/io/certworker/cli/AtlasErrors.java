package io.certworker.cli;

import io.certworker.apierror.AtlasApiError;
import io.certworker.contracts.BadRequestDetail;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.FieldError;
import picocli.CommandLine;

/** How commands report an Atlas error: its envelope on standard error, and exit code 1. */
final class AtlasErrors {
    static final int EXIT_CODE = ExitCodes.REFUSED;

    private AtlasErrors() {
    }

    static int print(CommandLine commandLine, AtlasApiError error, boolean pretty) {
        BadRequestDetail detail = error.fields().isEmpty() ? null : new BadRequestDetail(error.fields().stream()
                .map(field -> new FieldError(field.field(), field.description())).toList());
        AtlasErrorBody body = new AtlasErrorBody(detail, error.detail(), error.status(), error.errorCode(),
                error.parameters(), error.reason());
        commandLine.getErr().println(EventCodec.instance().toJson(body, pretty));
        commandLine.getErr().flush();
        return EXIT_CODE;
    }
}
