package io.certworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.RootCaSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {
    /** Base64 of 32 bytes: a key-encryption key for configurations that need one. */
    static final String KEK = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";

    @TempDir
    Path directory;

    @Test
    void defaultsNeedNothingButARoot() {
        WorkerConfig config = new WorkerConfig(Map.of());

        assertThat(config.kafkaClientProperties()).containsEntry("bootstrap.servers", "localhost:9092");
        assertThat(config.groupId()).isEqualTo("cert-worker");
        assertThat(config.topicNames().requests()).isEqualTo("cert-requests");
        assertThat(config.caSettings().subjectKeyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_4096);
        assertThat(config.cryptoThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThatThrownBy(() -> WorkerConfig.forWorker(Map.of("key.encryption.key", KEK)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ca.root.certificate.file").hasMessageContaining("ca.root.generate=true");
    }

    @Test
    void logLevelIsASettingInAnyCaseAndAWrongOneIsNamed() {
        WorkerConfig fromEnvironment = new WorkerConfig(ConfigSources.merge(null,
                Map.of("CERT_WORKER_LOG_LEVEL", "debug"), Map.of()));

        assertThat(fromEnvironment.logLevel()).isEqualTo("DEBUG");
        assertThat(fromEnvironment.logLevelGiven()).isTrue();
        assertThat(fromEnvironment.unknownSettings()).isEmpty();
        assertThat(new WorkerConfig(Map.of()).logLevel()).isEqualTo("INFO");
        assertThat(new WorkerConfig(Map.of()).logLevelGiven()).isFalse();
        assertThatThrownBy(() -> new WorkerConfig(Map.of(WorkerConfig.LOG_LEVEL, "LOUD")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.level")
                .hasMessageContaining("TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }

    @Test
    void environmentVariablesOverrideTheFileAndKafkaPropertiesPassThrough() throws Exception {
        Path file = directory.resolve("worker.properties");
        Files.writeString(file, "group.id=from-file\nkey.algorithm=EC-P256\nkafka.client.id=from-file\n",
                StandardCharsets.UTF_8);
        Map<String, String> environment = Map.of(
                "CERT_WORKER_GROUP_ID", "from-env",
                "CERT_WORKER_KAFKA_SECURITY_PROTOCOL", "SSL",
                "CERT_WORKER_KAFKA_SASL_JAAS_CONFIG", "secret",
                "PATH", "/usr/bin");

        WorkerConfig config = new WorkerConfig(ConfigSources.merge(file, environment, Map.of()));

        assertThat(config.groupId()).isEqualTo("from-env");
        assertThat(config.caSettings().subjectKeyAlgorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(config.kafkaClientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("sasl.jaas.config", "secret")
                .containsEntry("client.id", "from-file");
        assertThat(config.unknownSettings()).isEmpty();
    }

    @Test
    void theConfigFileCanBeNamedByTheEnvironmentAndOverridesWinOverBoth() throws Exception {
        Path file = directory.resolve("worker.properties");
        Files.writeString(file, "instance.id=file\ngroup.id=file\n", StandardCharsets.UTF_8);

        WorkerConfig config = new WorkerConfig(ConfigSources.merge(null,
                Map.of("CERT_WORKER_CONFIG_FILE", file.toString(), "CERT_WORKER_GROUP_ID", "env"),
                Map.of("group.id", "override")));

        assertThat(config.groupId()).isEqualTo("override");
        assertThat(config.transactionalId()).isEqualTo("override-file");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new WorkerConfig(Map.of("key.algorithm", "DSA-1024")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key.algorithm").hasMessageContaining("RSA-4096");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("topics.partitions", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.partitions");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("issuer", "vault")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("issuer");
    }

    @Test
    void typosAreReportedAsUnknownSettings() {
        WorkerConfig config = new WorkerConfig(ConfigSources.merge(null, Map.of("CERT_WORKER_KEY_ALGORTHM", "x"), Map.of()));

        assertThat(config.unknownSettings()).containsExactly("key.algorthm");
    }

    @Test
    void theRootComesFromPemFilesAKeystoreOrIsGenerated() throws Exception {
        Path password = directory.resolve("password");
        Files.writeString(password, "s3cret\n", StandardCharsets.UTF_8);

        assertThat(WorkerConfig.forWorker(Map.of("ca.root.certificate.file", "/r.pem", "ca.root.private.key.file",
                "/r.key", "key.encryption.key", KEK)).rootCaSource())
                .isEqualTo(new RootCaSource.PemFiles(Path.of("/r.pem"), Path.of("/r.key")));
        RootCaSource keystore = WorkerConfig.forWorker(Map.of("ca.root.pkcs12.file", "/r.p12",
                "ca.root.pkcs12.password.file", password.toString(), "key.encryption.key", KEK)).rootCaSource();
        assertThat(((RootCaSource.Pkcs12) keystore).password()).isEqualTo("s3cret".toCharArray());
        assertThat(keystore.toString()).doesNotContain("s3cret");
        assertThat(WorkerConfig.forWorker(Map.of("ca.root.generate", "true", "ca.dir", "/data/ca",
                "key.encryption.key", KEK)).rootCaSource())
                .isEqualTo(new RootCaSource.GeneratedIn(Path.of("/data/ca/root")));
        assertThatThrownBy(() -> new WorkerConfig(Map.of("ca.root.certificate.file", "/r.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ca.root.private.key.file");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("ca.root.certificate.file", "/r.pem",
                "ca.root.private.key.file", "/r.key", "ca.root.pkcs12.file", "/r.p12")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    }

    @Test
    void theReadmeConfigurationTableIsTheOneGeneratedFromTheDefinitions() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

        assertThat(readme).contains(WorkerConfig.markdownTable());
    }

    @Test
    void passwordsNeverShowTheirValue() {
        WorkerConfig config = new WorkerConfig(Map.of("ca.root.pkcs12.password", "hunter2"));

        assertThat(config.toString()).doesNotContain("hunter2");
        assertThat(WorkerConfig.markdownTable()).doesNotContain("hunter2");
    }
}
