package io.certworker.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certworker.contracts.BadRequestDetail;
import io.certworker.contracts.CertificateFailed;
import java.util.List;

/** Exactly the body Atlas answers an error with: the ApiError fields of a failed event, nothing of ours. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AtlasErrorBody(BadRequestDetail badRequestDetail, String detail, int error, String errorCode,
                      List<Object> parameters, String reason) {

    static AtlasErrorBody of(CertificateFailed failed) {
        return new AtlasErrorBody(failed.badRequestDetail(), failed.detail(), failed.error(), failed.errorCode(),
                failed.parameters(), failed.reason());
    }
}
