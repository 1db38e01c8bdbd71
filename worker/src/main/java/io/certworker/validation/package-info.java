/**
 * Checking a request the way Atlas checks its create-certificate call, before anything is looked up or issued. Every
 * problem of one request is reported together; a bad request is an outcome ({@link io.certworker.validation.Validation.Invalid}),
 * not an exception.
 */
package io.certworker.validation;
