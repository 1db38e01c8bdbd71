package io.certworker.issuance.atlas;

/** What the Atlas issuer reports, for metrics. */
public interface AtlasObserver {

    /** A call to Atlas ended: its HTTP status as text, or {@code timeout} / {@code unreachable}. */
    void called(String status);

    /** A call is being retried after a transient failure ({@code status}, {@code timeout}, {@code unreachable}). */
    void retried(String reason);

    AtlasObserver NONE = new AtlasObserver() {
        @Override
        public void called(String status) {
        }

        @Override
        public void retried(String reason) {
        }
    };
}
