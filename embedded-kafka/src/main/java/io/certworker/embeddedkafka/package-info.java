/**
 * A real Apache Kafka KRaft cluster inside the JVM, for tests and the worker's local {@code dev} command:
 * {@link io.certworker.embeddedkafka.EmbeddedKafkaCluster}. Built from Kafka's own server classes
 * ({@code kafka.server.KafkaRaftServer}, {@code org.apache.kafka.metadata.storage.Formatter}); no Docker.
 * Keep this module out of the production worker's runtime class path: it brings the broker and Scala.
 */
package io.certworker.embeddedkafka;
