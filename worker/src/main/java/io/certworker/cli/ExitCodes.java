package io.certworker.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every command, one convention for all, shown in each command's {@code --help}. */
final class ExitCodes {
    static final int OK = 0;
    /** Atlas's error envelope was printed on standard error; for run and dev: the worker stopped on a failure. */
    static final int REFUSED = 1;
    /** A wrong option, an unreadable file, a bad setting, a missing topic: nothing was sent. */
    static final int USAGE = 2;
    /** Kafka did not answer, or no worker answered the request, in time. */
    static final int NO_ANSWER = 3;
    /** The request was answered, but its certificate is no longer in the issued topic. */
    static final int ANSWER_GONE = 4;
    /** Ctrl-C (SIGINT); SIGTERM gives 143. */
    static final int INTERRUPTED = 130;
    static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /** For {@code --help}: code → meaning. */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" 0", "Done.");
        codes.put(" 1", "Refused: Atlas's error envelope on standard error. run, dev: the worker stopped on a failure.");
        codes.put(" 2", "Usage or configuration error (an option, a file, a setting, a missing topic); nothing was "
                + "sent.");
        codes.put(" 3", "No answer in time: Kafka not reachable, or no worker answered within --timeout.");
        codes.put(" 4", "request: answered before, but its certificate is no longer kept in the issued topic.");
        codes.put("130", "Interrupted (Ctrl-C); request names the command that fetches the answer later.");
        return codes;
    }
}
