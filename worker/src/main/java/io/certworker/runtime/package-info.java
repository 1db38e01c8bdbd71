/** Wiring: builds the worker's parts from its configuration, starts them in order and stops them cleanly. */
package io.certworker.runtime;
