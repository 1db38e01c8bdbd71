package io.certworker.testing.atlas;

/**
 * The Atlas Admin API errors the fake can answer, each with Atlas's HTTP status, {@code errorCode} (the constant's
 * name) and {@code detail} text. Templates hold {@code %s} where Atlas puts a {@code parameters} value.
 *
 * <p>The first eleven come from the project's reference table ({@code atlas-x509.md}). The texts of
 * {@link #RATE_LIMITED_TOKEN_BUCKET} follow the example in Atlas's rate-limit documentation. The last ones are answered by
 * the fake's own protocol checks: {@link #INVALID_VERSION_DATE} (406; code and text as reported by Atlas users),
 * {@link #INVALID_JSON} and {@link #RESOURCE_NOT_FOUND} (Atlas's codes, texts from its error-code list as remembered,
 * <em>unconfirmed</em>) and {@link #UNSUPPORTED_MEDIA_TYPE} (415; code and text invented, the reference names none).
 */
public enum AtlasError {
    USER_NOT_MANAGED_X509(400, "The user does not have managed mode X509 enabled."),
    CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS(400, "Atlas-generated X.509 certificates have a maximum expiration of 24 months."),
    CANNOT_GENERATE_CERT_IF_ADVANCED_X509(400, "The user cannot create managed X.509 certs if advanced mode is on."),
    ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED(400, "The limit on generated certificates per user has been reached."),
    /** Parameters: the group ID (the fake fills in the request's). */
    INVALID_GROUP_ID(404, "An invalid group ID %s was specified."),
    /** Parameters: the group ID (the fake fills in the request's). */
    GROUP_NOT_FOUND(404, "No group with ID %s exists."),
    /** Parameters: the username (the fake fills in the request's, decoded). */
    USERNAME_NOT_FOUND(404, "No user with username %s exists."),
    /**
     * Parameters: endpoint set (the fake uses the request path without its leading slash), seconds to wait, bucket
     * capacity, refill amount, refill period in seconds; the last four are JSON numbers, as in Atlas's documentation.
     */
    RATE_LIMITED_TOKEN_BUCKET(429,
            "Rate limit exceeded for %s. Please retry after %s seconds. Request capacity: %s. Refill rate: %s per %s seconds."),
    UNEXPECTED_ERROR(500, "Unexpected error."),
    /** Comes with {@code badRequestDetail.fields}; the text is the fake's (Atlas's exact wording is not on record). */
    VALIDATION_ERROR(400, "The request contained one or more invalid fields."),
    /** Parameters: the attribute's name (default {@code monthsUntilExpiration}). */
    INVALID_ATTRIBUTE(400, "Invalid attribute %s specified."),

    /** Missing or unknown API version in {@code Accept}. */
    INVALID_VERSION_DATE(406, "Invalid accept header or version date."),
    /** A create call whose {@code Content-Type} is not the versioned media type (invented code and text). */
    UNSUPPORTED_MEDIA_TYPE(415, "Content-Type must be application/vnd.atlas.2023-01-01+json."),
    INVALID_JSON(400, "Received JSON is malformed."),
    /** Parameters: the request path. */
    RESOURCE_NOT_FOUND(404, "Cannot find resource %s.");

    private final int status;
    private final String detailTemplate;

    AtlasError(int status, String detailTemplate) {
        this.status = status;
        this.detailTemplate = detailTemplate;
    }

    public int status() {
        return status;
    }

    /** The {@code errorCode} field and the {@code X-Error-Code} header: the constant's name. */
    public String errorCode() {
        return name();
    }

    /** The {@code reason} field: the HTTP reason phrase of {@link #status()}. */
    public String reason() {
        return reasonPhrase(status);
    }

    public String detailTemplate() {
        return detailTemplate;
    }

    /** The {@code detail} text with {@code parameters} put in the template's {@code %s} places. */
    public String detail(Object... parameters) {
        StringBuilder text = new StringBuilder();
        int next = 0;
        int from = 0;
        for (int at = detailTemplate.indexOf("%s"); at >= 0; at = detailTemplate.indexOf("%s", from)) {
            text.append(detailTemplate, from, at);
            text.append(next < parameters.length ? String.valueOf(parameters[next++]) : "%s");
            from = at + 2;
        }
        return text.append(detailTemplate.substring(from)).toString();
    }

    static String reasonPhrase(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 409: return "Conflict";
            case 415: return "Unsupported Media Type";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "HTTP " + status;
        }
    }
}
