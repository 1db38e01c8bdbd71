/**
 * The {@code cert-worker} command line (picocli): {@code run}, {@code dev}, {@code request}, {@code users},
 * {@code config}.
 */
package io.certworker.cli;
