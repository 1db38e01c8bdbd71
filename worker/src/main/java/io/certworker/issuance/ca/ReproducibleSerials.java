package io.certworker.issuance.ca;

import io.certworker.issuance.CertificateOrder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Serials a CSR order always gets the same of: 64 bits (read as a positive number, like the random serials) of
 * HMAC-SHA256 under a key of the CA's own (derived from the
 * key-encryption key, so every instance agrees), over everything the order says. Unpredictable to anyone without
 * that key, as a random serial is, and as unlikely to repeat; but the same order read again after a crash gets the
 * same serial, so its certificate is the same without a draft.
 */
final class ReproducibleSerials {
    private final byte[] key;

    ReproducibleSerials(byte[] key) {
        this.key = key.clone();
    }

    BigInteger of(CertificateOrder order, Instant requestedAt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String part : new String[] {order.requestId(), order.groupId(), order.username(),
                    Integer.toString(order.monthsUntilExpiration()), order.csr(), requestedAt.toString()}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(BigInteger.valueOf(bytes.length).toByteArray());
                mac.update(bytes);
            }
            byte[] digest = mac.doFinal();
            byte[] serial = new byte[8];
            System.arraycopy(digest, 0, serial, 0, 8);
            BigInteger value = new BigInteger(1, serial);
            return value.signum() == 0 ? BigInteger.ONE : value;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
