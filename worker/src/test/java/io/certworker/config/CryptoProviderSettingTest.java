package io.certworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CryptoProviderSettingTest {
    @Test
    void theProviderIsChosenAutomaticallyUnlessConfigured() {
        assertThat(new WorkerConfig(Map.of()).cryptoProvider()).isEqualTo("auto");
        assertThat(new WorkerConfig(Map.of("crypto.provider", "jdk")).cryptoProvider()).isEqualTo("jdk");
        assertThat(new WorkerConfig(Map.of("crypto.provider", "accp")).cryptoProvider()).isEqualTo("accp");
    }

    @Test
    void anUnknownProviderIsAConfigurationErrorNamingTheChoices() {
        assertThatThrownBy(() -> new WorkerConfig(Map.of("crypto.provider", "openssl")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("crypto.provider").hasMessageContaining("auto, accp, jdk");
    }
}
