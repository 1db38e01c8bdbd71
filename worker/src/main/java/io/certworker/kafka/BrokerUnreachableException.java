package io.certworker.kafka;

/** No Kafka broker answered at the configured address within the time allowed. The message names the address. */
public final class BrokerUnreachableException extends RuntimeException {
    public BrokerUnreachableException(String message) {
        super(message);
    }
}
