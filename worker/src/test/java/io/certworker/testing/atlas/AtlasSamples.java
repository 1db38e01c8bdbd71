package io.certworker.testing.atlas;

/**
 * Real Atlas answers, copied from the project's reference samples ({@code reference/atlas-samples/}), which recorded
 * them from the Atlas CLI's end-to-end snapshots.
 */
final class AtlasSamples {
    /** The 404 body for group 111111111111111111111111 (sent with {@code X-Error-Code: GROUP_NOT_FOUND}). */
    static final String GROUP_NOT_FOUND_BODY = resource("atlas-samples/group-not-found.json").strip();

    /** The certificate part of a 201 for user389 in group 5efda6aea3f2ed2e7dd6ce05, 3 months. */
    static final String MANAGED_CERTIFICATE = resource("atlas-samples/atlas-managed-cert.pem");

    private AtlasSamples() {
    }

    /** A recorded Atlas answer from the test resources ({@code atlas-samples/}, copied from the reference samples). */
    private static String resource(String name) {
        try (java.io.InputStream in = AtlasSamples.class.getClassLoader().getResourceAsStream(name)) {
            return new String(java.util.Objects.requireNonNull(in, name).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
