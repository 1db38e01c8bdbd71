package io.certworker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyEncryptionKeyTest {
    final String base64 = KeyEncryptionKey.generateBase64();
    final KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(base64);

    @Test
    void whatIsWrappedUnwrapsForTheSameAssociatedData() {
        byte[] secret = "a PKCS#8 key".getBytes(StandardCharsets.UTF_8);

        String wrapped = kek.wrap(secret, "project A");

        assertThat(kek.unwrap(wrapped, "project A")).isEqualTo(secret);
        assertThat(wrapped).doesNotContain(Base64.getEncoder().encodeToString(secret));
        assertThat(kek.wrap(secret, "project A")).as("a fresh nonce each time").isNotEqualTo(wrapped);
    }

    @Test
    void aWrappedKeyCannotBeMovedToAnotherRecordOrOpenedWithAnotherKek() {
        String wrapped = kek.wrap(new byte[] {1, 2, 3}, "project A");
        KeyEncryptionKey other = KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64());

        assertThatThrownBy(() -> kek.unwrap(wrapped, "project B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.unwrap(wrapped, "project A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(other.id());
        assertThat(other.id()).isNotEqualTo(kek.id());
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        byte[] bytes = Base64.getDecoder().decode(kek.wrap(new byte[] {1, 2, 3}, "a"));
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> kek.unwrap(Base64.getEncoder().encodeToString(bytes), "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyThirtyTwoBytesOfBase64AreAKekAndTheValueIsNeverEchoed() {
        assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("not base64 !!")).hasMessageContaining("not base64");
        assertThat(kek.toString()).doesNotContain(base64).contains(kek.id());
    }
}
