package io.certworker.kafka;

import java.util.List;

/** Kafka answered, but topics the work needs do not exist there (or this client may not see them). */
public final class MissingTopicsException extends RuntimeException {
    private final List<String> topics;

    public MissingTopicsException(String message, List<String> topics) {
        super(message);
        this.topics = List.copyOf(topics);
    }

    public List<String> topics() {
        return topics;
    }
}
