package io.certworker.cli;

import io.certworker.kafka.BrokerUnreachableException;
import io.certworker.kafka.MissingTopicsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine;

/**
 * Turns the failures an operator can fix (bad configuration, an unreachable broker, missing topics, unreadable files)
 * into one clear line and the exit code of {@link ExitCodes}, instead of a stack trace. Anything else keeps its stack
 * trace: it is a bug.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception thrown, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) {
        Exception e = unwrapped(thrown);
        if (e instanceof CommandLine.ParameterException usage) {
            return handleParseException(usage, new String[0]);
        }
        if (e instanceof ConfigException || e instanceof AuthenticationException
                || e instanceof AuthorizationException) {
            return print(commandLine, "Configuration error: " + e.getMessage(), ExitCodes.USAGE);
        }
        if (e instanceof MissingTopicsException) {
            return print(commandLine, "Error: " + e.getMessage(), ExitCodes.USAGE);
        }
        if (e instanceof BrokerUnreachableException) {
            return print(commandLine, "Error: " + e.getMessage(), ExitCodes.NO_ANSWER);
        }
        if (e instanceof TimeoutException) {
            return print(commandLine, "Error: Kafka did not answer in time: " + e.getMessage(), ExitCodes.NO_ANSWER);
        }
        if (e instanceof InterruptedException) {
            return print(commandLine, "Interrupted.", ExitCodes.INTERRUPTED);
        }
        if (e instanceof KafkaException) {
            return print(commandLine, "Kafka error: " + e.getMessage(), ExitCodes.REFUSED);
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException || e instanceof IOException) {
            return print(commandLine, "Error: " + e.getMessage(), ExitCodes.REFUSED);
        }
        commandLine.getErr().println("Unexpected error: " + e);
        e.printStackTrace(commandLine.getErr());
        return ExitCodes.REFUSED;
    }

    /** A usage error: one line with what is wrong and where help is, exit code 2. */
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        StringBuilder line = new StringBuilder("Usage error: ").append(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append("?)");
        }
        line.append(" (see: ").append(commandLine.getCommandSpec().qualifiedName()).append(" --help)");
        return print(commandLine, line.toString(), ExitCodes.USAGE);
    }

    private static int print(CommandLine commandLine, String line, int exitCode) {
        commandLine.getErr().println(line);
        commandLine.getErr().flush();
        return exitCode;
    }

    private static Exception unwrapped(Exception e) {
        Exception current = e;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() instanceof Exception cause) {
            current = cause;
        }
        return current;
    }
}
