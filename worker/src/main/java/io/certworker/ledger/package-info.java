/**
 * The certificate ledger: every issued certificate as Atlas's {@code UserCert} in the compacted {@code cert-ledger}
 * topic (never a key), written with its issued event; expired entries tombstoned; the per-user cap counted from it;
 * and Atlas's list answer built from it.
 */
package io.certworker.ledger;
