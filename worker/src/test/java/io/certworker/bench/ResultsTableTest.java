package io.certworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.CryptoProviders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
    @Test
    void eachScenarioNamesTheProviderOfItsKeysAndOfItsCaSignature() {
        CryptoProviders jdk = CryptoProviders.select(CryptoProviders.JDK);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ResultsTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(
                new BenchRunner.Result(new Scenario("rsa4096", KeyAlgorithm.RSA_4096, false, 0, 60), 1.9, 1.7,
                        new Latencies(10, 20, 30, 40)),
                new BenchRunner.Result(new Scenario("p256", KeyAlgorithm.EC_P256, false, 0, 5000), 4000, 2000,
                        new Latencies(1, 2, 3, 4)),
                new BenchRunner.Result(new Scenario("csr", KeyAlgorithm.EC_P256, true, 0, 5000), 2600, 1300,
                        new Latencies(1, 2, 3, 4))), jdk);

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| Key pair by | CA signature by |")
                .contains("| rsa4096 | 60 | 1.9 | 1.7 | 0.89 | 10.0 | 20.0 | 30.0 | 40.0 | jdk | bouncycastle (RFC 6979) |")
                .contains("| p256 | 5000 | 4000.0 | 2000.0 | 0.50 | 1.0 | 2.0 | 3.0 | 4.0 | bouncycastle |")
                .contains("| csr | 5000 | 2600.0 | 1300.0 | 0.50 | 1.0 | 2.0 | 3.0 | 4.0 | none (CSR checked by bouncycastle) |");
    }
}
