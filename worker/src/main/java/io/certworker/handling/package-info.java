/**
 * The life of one certificate request, free of Kafka and HTTP: validate it, look its user up, issue, and answer with
 * exactly one {@link io.certworker.handling.Outcome}.
 */
package io.certworker.handling;
