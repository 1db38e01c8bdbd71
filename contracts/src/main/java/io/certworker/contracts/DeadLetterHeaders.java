package io.certworker.contracts;

/**
 * Headers the worker adds to a dead letter (topic {@code cert-requests-dlq}) next to the original record's own
 * headers. The dead letter's key and value are the original bytes, untouched. Header values are UTF-8 text.
 */
public final class DeadLetterHeaders {
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    /** The partition it was read from, as decimal text. */
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    /** Its offset, as decimal text. */
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** Why it is not a request, for example {@code value is not JSON: Unexpected character ('x' ...)}. */
    public static final String REASON = "dlq.reason";

    private DeadLetterHeaders() {
    }
}
