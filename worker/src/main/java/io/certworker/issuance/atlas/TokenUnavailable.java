package io.certworker.issuance.atlas;

/** No bearer token could be had; carries what that means for the request (retry later, or Atlas's refusal). */
final class TokenUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient AtlasAnswers.Decision decision;

    TokenUnavailable(AtlasAnswers.Decision decision) {
        super("no Atlas access token", null, false, false);
        this.decision = decision;
    }

    AtlasAnswers.Decision decision() {
        return decision;
    }
}
