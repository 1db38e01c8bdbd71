package io.certworker.contracts;

/** How a database user authenticates with X.509, as Atlas's {@code x509Type}. */
public enum X509Type {
    /** Not an X.509 user. Atlas's default. */
    NONE,
    /** Certificates issued and managed by the platform: the only kind cert-worker issues for. */
    MANAGED,
    /** Certificates from the customer's own CA (self-managed X.509); the username is an RFC 2253 DN. */
    CUSTOMER
}
