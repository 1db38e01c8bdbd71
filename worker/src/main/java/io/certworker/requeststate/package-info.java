/**
 * What the worker remembers of requests, in its own topic {@code cert-requests-state} (partition for partition beside
 * {@code cert-requests}), each piece with one owner:
 *
 * <ul>
 *   <li>{@link io.certworker.requeststate.RequestGuard}: answered and in-process requestIds; whether a request must
 *       be handled.
 *   <li>{@link io.certworker.requeststate.AnsweredRequests}: one partition's answered requestIds, compact.
 *   <li>{@link io.certworker.requeststate.KafkaMintJournal}: drafts of certificates being minted, committed before
 *       minting (the journal-before-mint protocol itself is {@link io.certworker.issuance.JournaledIssuer}).
 *   <li>{@link io.certworker.requeststate.RequestStateRecords}: the topic's record format (the contracts module's
 *       {@code request-state.schema.json}).
 *   <li>{@link io.certworker.requeststate.RequestStateRestorer}: reads a taken-over partition's state to its end.
 * </ul>
 */
package io.certworker.requeststate;
