/** Protecting private keys that must be kept for a while: AES-256-GCM under a key-encryption key from the environment. */
package io.certworker.secrets;
