/**
 * The internal CA issuer (BouncyCastle): one root, one issuing CA per Atlas project created on first use, and client
 * certificates shaped like Atlas's managed ones (subject exactly {@code CN=<username>}, KeyUsage digitalSignature and
 * ExtendedKeyUsage clientAuth, both critical; notBefore one hour back; notAfter N calendar months ahead).
 */
package io.certworker.issuance.ca;
