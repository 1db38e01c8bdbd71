/**
 * The topics one deployment uses ({@link io.certworker.topics.TopicNames}), how the worker creates and checks them
 * ({@link io.certworker.topics.TopicPlan}), and the partition count its group runs with
 * ({@link io.certworker.topics.PartitionLayout}).
 */
package io.certworker.topics;
