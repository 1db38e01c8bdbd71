/** Kafka plumbing shared by the worker and its commands: client configuration and topic provisioning. */
package io.certworker.kafka;
