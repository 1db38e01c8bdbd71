/**
 * The local development setup: an embedded single-node KRaft broker, loaded at run time from the jars next to
 * {@code cert-worker.jar} so that the broker and Scala stay off the production classpath.
 */
package io.certworker.dev;
