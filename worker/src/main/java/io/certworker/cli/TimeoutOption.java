package io.certworker.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --timeout}: how long a command that reads or writes a topic waits for Kafka. */
final class TimeoutOption {
    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long to wait for Kafka, in seconds. Default: ${DEFAULT-VALUE}.")
    long seconds;

    /** @throws CommandLine.ParameterException when it is not positive */
    Duration duration(CommandLine commandLine) {
        return positive(commandLine, seconds);
    }

    static Duration positive(CommandLine commandLine, long seconds) {
        if (seconds <= 0) {
            throw new CommandLine.ParameterException(commandLine,
                    "--timeout must be a positive number of seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
