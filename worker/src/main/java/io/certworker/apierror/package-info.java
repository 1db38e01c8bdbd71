/**
 * Atlas's error vocabulary: the {@code ApiError} envelope as a value, and the error codes the worker answers with.
 * Expected failures are values of these types, never exceptions.
 */
package io.certworker.apierror;
