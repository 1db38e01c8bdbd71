/**
 * The tables the worker follows: which database users exist and how they authenticate ({@code db-users}), and which
 * projects use a CA of their own ({@code user-security}). {@link io.certworker.directory.UserDirectory} and
 * {@link io.certworker.directory.ProjectSecurity} are the ports the handling code asks; the Kafka adapters keep each
 * whole topic in memory, by rules that hold whatever partitioner their producers used ({@code KeyedTable}), and
 * {@link io.certworker.directory.TableCanonicalizer} keeps each record on its key's partition, where compaction works.
 */
package io.certworker.directory;
