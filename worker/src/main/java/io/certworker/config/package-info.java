/**
 * Configuration as one table ({@link io.certworker.config.WorkerConfig#DEFINITION}): every setting with its type,
 * default, validator and documentation, read from a properties file and {@code CERT_WORKER_*} environment variables.
 * Kafka client properties pass through as {@code kafka.<property>} or {@code CERT_WORKER_KAFKA_<PROPERTY>}.
 */
package io.certworker.config;
