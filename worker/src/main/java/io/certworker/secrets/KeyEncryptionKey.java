package io.certworker.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key (KEK): AES-256, given base64-encoded by the operator (environment or file), never stored by
 * the worker. It wraps the private keys the worker must keep for a while (per-project CA keys in Kafka, keys of
 * certificates being minted) with AES-256-GCM, each bound by its associated data to what it belongs to (a project, a
 * request), so a wrapped key cannot be moved to another record.
 *
 * <p>Wrapped form: base64 of {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}. {@link #id()} names the KEK
 * (a hash prefix, not the key) so a record wrapped under another KEK is recognised with a clear message.
 */
public final class KeyEncryptionKey {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String id;
    private final SecureRandom random = new SecureRandom();

    private KeyEncryptionKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = id(bytes);
        Arrays.fill(bytes, (byte) 0);
    }

    /**
     * The KEK from its base64 text (32 bytes once decoded).
     *
     * @throws IllegalArgumentException naming what is wrong, never echoing the value
     */
    public static KeyEncryptionKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key-encryption key is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes (AES-256), got " + bytes.length);
        }
        return new KeyEncryptionKey(bytes);
    }

    /** A new random KEK as base64 text, for development setups that generate their own. */
    public static String generateBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A short, non-secret name of this KEK: the first 8 bytes of SHA-256 over a label and the key, in hex. */
    public String id() {
        return id;
    }

    /**
     * A key of its own for another purpose, derived from this one (HMAC-SHA256 of the label): the same for every
     * instance with this KEK, and telling nothing of it.
     */
    public byte[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("cert-worker derived key " + label).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Encrypts {@code plaintext}, bound to {@code associatedData}. */
    public String wrap(byte[] plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts what {@link #wrap} produced for the same {@code associatedData}.
     *
     * @throws IllegalArgumentException when it was wrapped under another KEK or for other data, or was altered
     */
    public byte[] unwrap(String wrapped, String associatedData) {
        try {
            byte[] in = Base64.getDecoder().decode(wrapped);
            if (in.length <= NONCE_BYTES) {
                throw new IllegalArgumentException("wrapped key too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the wrapped key does not open with this key-encryption key (" + id
                    + ") for " + associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[id=" + id + "]";
    }

    private static String id(byte[] bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("cert-worker key-encryption key id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(bytes), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
