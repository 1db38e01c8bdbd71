package io.certworker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command that fetches a request's answer later: the same request sent again with its requestId, which the worker
 * answers with the original certificate (or, if the first one never arrived, issues once).
 */
final class FetchLater {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private final List<String> arguments = new ArrayList<>();
    private String note = "";

    FetchLater(String groupId, String username, String requestId) {
        arguments.addAll(List.of("request", "--groupId", groupId, "--username", username, "--request-id", requestId));
    }

    FetchLater with(String option, Object value) {
        if (value != null) {
            arguments.add(option);
            arguments.add(value.toString());
        }
        return this;
    }

    FetchLater flag(String option, boolean given) {
        if (given) {
            arguments.add(option);
        }
        return this;
    }

    /** Said after the command, for what a command line cannot carry (a body from standard input). */
    FetchLater note(String text) {
        note = text;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder command = new StringBuilder(JarLocation.commandPrefix());
        for (String argument : arguments) {
            command.append(' ').append(quoted(argument));
        }
        return command + note;
    }

    static String quoted(String argument) {
        if (SAFE.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
