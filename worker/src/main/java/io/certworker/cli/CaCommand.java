package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.TokenRootCa;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cert-worker ca}: the CA's keys in a PKCS#11 token. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Manage the CA whose keys are in a PKCS#11 token (ca.key.store=pkcs11; see docs/hsm.md).",
        subcommands = {CaCommand.InitRoot.class})
final class CaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cert-worker ca init-root}: a root whose key is generated in the token and never leaves it. */
    @Command(name = "init-root", mixinStandardHelpOptions = true,
            description = {"Generate the root CA's key in the PKCS#11 token (sensitive, not extractable), sign its "
                    + "self-signed certificate there, and keep both under ca.pkcs11.root.label. Prints the "
                    + "certificate (PEM): the trust anchor to give MongoDB (net.tls.CAFile).",
                    "The token comes from the configuration: ca.pkcs11.library, ca.pkcs11.token.label or "
                            + "ca.pkcs11.slot, ca.pkcs11.pin or ca.pkcs11.pin.file."},
            footer = {"", "Example:",
                    "  CERT_WORKER_CA_PKCS11_LIBRARY=/usr/lib/softhsm/libsofthsm2.so \\",
                    "  CERT_WORKER_CA_PKCS11_TOKEN_LABEL=cert-worker CERT_WORKER_CA_PKCS11_PIN_FILE=./pin \\",
                    "      java -jar cert-worker.jar ca init-root --output root.pem"})
    static final class InitRoot implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOptions configuration;

        @Option(names = "--label", paramLabel = "LABEL",
                description = "Label of the root's key entry. Default: ca.pkcs11.root.label (cert-worker-root).")
        String label;

        @Option(names = "--common-name", defaultValue = "cert-worker root CA", paramLabel = "CN",
                description = "CN of the root's name; O is ca.organization. Default: ${DEFAULT-VALUE}.")
        String commonName;

        @Option(names = "--key-algorithm", paramLabel = "ALGORITHM",
                description = "RSA-2048, RSA-3072, RSA-4096, EC-P256 or EC-P384. Default: ca.key.algorithm (RSA-4096).")
        String keyAlgorithm;

        @Option(names = "--output", paramLabel = "FILE", description = "Write the certificate here, not to stdout.")
        Path output;

        @Override
        public Integer call() throws Exception {
            WorkerConfig config = configuration.load(Map.of(WorkerConfig.CA_KEY_STORE, WorkerConfig.CA_KEY_STORE_PKCS11));
            String rootLabel = label != null ? label : config.getString(WorkerConfig.CA_PKCS11_ROOT_LABEL);
            KeyAlgorithm algorithm = KeyAlgorithm.parse(keyAlgorithm != null ? keyAlgorithm
                    : config.getString(WorkerConfig.CA_KEY_ALGORITHM));
            String pem;
            try (Pkcs11Token token = Pkcs11Token.open(config.readPkcs11Settings())) {
                pem = TokenRootCa.create(token, rootLabel, algorithm, commonName,
                        config.caSettings().organization(), config.caSettings().rootValidity(), Clock.systemUTC());
                spec.commandLine().getErr().println("Generated the root CA '" + rootLabel + "' (" + algorithm.configName()
                        + ") in the PKCS#11 " + token.description());
            }
            if (output != null) {
                Files.writeString(output, pem, StandardCharsets.US_ASCII);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.print(pem);
                out.flush();
            }
            return 0;
        }
    }
}
