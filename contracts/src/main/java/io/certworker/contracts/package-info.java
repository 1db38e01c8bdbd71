/**
 * The events cert-worker reads and writes, one record type per message, plus {@link io.certworker.contracts.EventCodec}
 * to turn them into the JSON bytes that travel on Kafka.
 *
 * <p>Every event is UTF-8 JSON described by a JSON Schema (draft 2020-12) under
 * {@code io/certworker/contracts/schemas/} and named in the AsyncAPI document {@code io/certworker/contracts/asyncapi.yaml}.
 * Unknown fields are ignored when reading, so producers and consumers can be upgraded one at a time.
 */
package io.certworker.contracts;
