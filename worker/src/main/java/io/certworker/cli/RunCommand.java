package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import io.certworker.runtime.Worker;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cert-worker run}: the worker against a real Kafka cluster. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run the worker against a Kafka cluster, configured by CERT_WORKER_* environment variables "
                + "and/or a properties file (see `cert-worker config` for every setting).",
                "Stops cleanly on SIGTERM or Ctrl-C: in-flight requests finish and are published, then it exits 0."},
        footer = {"", "Example:",
                "  CERT_WORKER_BOOTSTRAP_SERVERS=kafka:9092 \\",
                "  CERT_WORKER_CA_ROOT_CERTIFICATE_FILE=/etc/cert-worker/root.pem \\",
                "  CERT_WORKER_CA_ROOT_PRIVATE_KEY_FILE=/etc/cert-worker/root.key \\",
                "  CERT_WORKER_KAFKA_SECURITY_PROTOCOL=SSL \\",
                "  java -jar cert-worker.jar run"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    private ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        WorkerConfig config = options.loadForWorker();
        Signals signals = new Signals();
        try (Worker worker = Worker.start(config, Clock.systemUTC())) {
            signals.awaitStop(worker::isRunning);
            worker.close();
            return worker.awaitExit();
        }
    }
}
