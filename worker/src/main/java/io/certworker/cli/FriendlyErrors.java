package io.certworker.cli;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns the failures an operator can fix (bad configuration, missing topics, unreadable CA files) into one clear
 * line and exit code 2 or 1, instead of a stack trace. Anything else keeps its stack trace: it is a bug.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    static final int CONFIGURATION_ERROR = 2;
    static final int RUNTIME_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof ConfigException) {
            commandLine.getErr().println("Configuration error: " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.io.UncheckedIOException) {
            commandLine.getErr().println("Error: " + e.getMessage());
            return RUNTIME_ERROR;
        }
        commandLine.getErr().println("Unexpected error: " + e);
        e.printStackTrace(commandLine.getErr());
        return RUNTIME_ERROR;
    }
}
