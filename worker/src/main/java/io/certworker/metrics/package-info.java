/**
 * Metrics (Micrometer, Prometheus exposition) and the HTTP endpoints operators and orchestrators use:
 * {@code /metrics}, {@code /health/live}, {@code /health/ready}.
 */
package io.certworker.metrics;
