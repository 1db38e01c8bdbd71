/**
 * The Kafka side of the worker: consume requests, hand each to the handler, and publish its one outcome in a Kafka
 * transaction together with the request's consumed offset.
 *
 * <ul>
 *   <li>{@link io.certworker.pipeline.WorkerLoop}: the poll loop, transactions, rebalances and shutdown.
 *   <li>{@link io.certworker.pipeline.RecordProcessor}: what happens to one record, start to finish.
 *   <li>{@link io.certworker.pipeline.RequestDecoder}, {@link io.certworker.pipeline.OutcomeRecords},
 *       {@link io.certworker.pipeline.DeadLetters}: bytes in, records out.
 * </ul>
 */
package io.certworker.pipeline;
