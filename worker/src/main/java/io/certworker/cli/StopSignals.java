package io.certworker.cli;

import java.util.HashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM caught for the time a request is out, so that the command can say how to fetch its
 * answer instead of vanishing; the previous handlers are put back on {@link #close}.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile String received;

    /** Catches SIGINT and SIGTERM from now on; {@code onSignal} runs on the signal's thread. */
    StopSignals(Runnable onSignal) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, caught -> {
                received = caught.getName();
                onSignal.run();
            }));
        }
    }

    boolean received() {
        return received != null;
    }

    /** 130 after Ctrl-C, 143 after SIGTERM, as a shell reports a process they ended. */
    int exitCode() {
        return "TERM".equals(received) ? ExitCodes.TERMINATED : ExitCodes.INTERRUPTED;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
