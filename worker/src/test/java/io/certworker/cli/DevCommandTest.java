package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** dev's configuration: run's settings, dev's defaults beneath them, dev's options above them when given. */
class DevCommandTest {
    @TempDir
    Path directory;

    @Test
    void settingsOfTheConfigFileApplyAndDevOptionsWinOnlyWhenGiven() throws Exception {
        Path file = Files.writeString(directory.resolve("dev.properties"),
                "metrics.port=19999\nkey.algorithm=EC-P384\nca.dir=" + directory.resolve("elsewhere") + "\n");
        Path dataDir = directory.resolve("data");

        WorkerConfig fromFile = configuration("--config", file.toString(), "--data-dir", dataDir.toString());
        WorkerConfig withOptions = configuration("--config", file.toString(), "--data-dir", dataDir.toString(),
                "--metrics-port", "0", "--key-algorithm", "EC-P256");

        assertThat(fromFile.metricsPort()).isEqualTo(19999);
        assertThat(fromFile.caSettings().subjectKeyAlgorithm().configName()).isEqualTo("EC-P384");
        assertThat(fromFile.caDirectory()).isEqualTo(directory.resolve("elsewhere"));
        assertThat(fromFile.metricsHost()).as("dev's default").isEqualTo("127.0.0.1");
        assertThat(fromFile.createTopics()).as("dev's default").isTrue();
        assertThat(withOptions.metricsPort()).isZero();
        assertThat(withOptions.caSettings().subjectKeyAlgorithm().configName()).isEqualTo("EC-P256");
        assertThat(withOptions.kafkaClientProperties()).containsEntry("bootstrap.servers", "127.0.0.1:19092");
    }

    @Test
    void theInstanceIdIsTheSameForEveryStartOnADataFolderAndDiffersBetweenFolders() throws Exception {
        Path data = directory.resolve("data");

        String first = configuration("--data-dir", data.toString()).transactionalId();
        String again = configuration("--data-dir", directory.resolve(".").resolve("data").toString())
                .transactionalId();
        String other = configuration("--data-dir", directory.resolve("other").toString()).transactionalId();

        assertThat(first).startsWith("cert-worker-dev-").isEqualTo(again).isNotEqualTo(other);
        assertThat(Files.readString(data.resolve("key-encryption-key"))).as("a key made for the folder").isNotBlank();
    }

    @Test
    void theAtlasIssuerWithoutCredentialsIsRefusedBeforeAnythingIsWritten() {
        Path data = directory.resolve("atlas");

        assertThatThrownBy(() -> configuration("--data-dir", data.toString(), "--issuer", "atlas"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("service account");
        assertThat(data).doesNotExist();
    }

    private static WorkerConfig configuration(String... arguments) throws Exception {
        DevCommand dev = new DevCommand();
        new CommandLine(dev).parseArgs(arguments);
        return dev.configuration("127.0.0.1:19092");
    }
}
