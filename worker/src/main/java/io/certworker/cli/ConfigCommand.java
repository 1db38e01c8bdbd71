package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cert-worker config}: the configuration reference, generated from the settings table itself. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every setting with its environment variable, default and meaning, as a Markdown table.")
final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(WorkerConfig.markdownTable());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
