/**
 * The user directory: which database users exist and how they authenticate, as the compacted {@code db-users} topic
 * says. {@link io.certworker.directory.UserDirectory} is the port the handling code asks;
 * {@link io.certworker.directory.KafkaUserDirectory} keeps the whole topic in memory.
 */
package io.certworker.directory;
