/**
 * Metrics as Micrometer binders, each removing its meters when closed ({@code PipelineMetrics}, {@code CaMetrics},
 * {@code AtlasMetrics}, {@code KafkaClientMeters}, {@code JvmMeters}), and the HTTP endpoints operators and
 * orchestrators use: {@code /metrics}, {@code /health/live}, {@code /health/ready}.
 */
package io.certworker.metrics;
