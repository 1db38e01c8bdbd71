/**
 * The Kafka side of the worker: consume requests, hand each to the handler, and publish its one outcome in a Kafka
 * transaction together with the request's consumed offset.
 *
 * <ul>
 *   <li>{@link io.certworker.pipeline.WorkerLoop}: the poll loop, transactions, rebalances, readiness and shutdown.
 *   <li>{@code RecordProcessor}: one record, start to finish: move it to its key's partition if it is not there,
 *       decode it, ask the guard, handle it, and return the records of its one transaction.
 *   <li>{@code PublishedEffects}: what a committed answer makes true (the guard, the journal, the ledger, metrics).
 *   <li>{@code RequestDecoder}, {@code OutcomeRecords}, {@code DeadLetters}, {@code OutcomeLog}: bytes in, records
 *       and log lines out.
 *   <li>{@code InFlightRecords}: records in flight per partition, published in offset order.
 * </ul>
 */
package io.certworker.pipeline;
