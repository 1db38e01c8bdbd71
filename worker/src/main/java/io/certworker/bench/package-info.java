/**
 * The benchmark behind {@code cert-worker bench}: the raw in-process issuing rate on all cores, and the end-to-end
 * rate and latency through Kafka on the embedded broker, for each key type, with and without the key pool, in one run.
 */
package io.certworker.bench;
