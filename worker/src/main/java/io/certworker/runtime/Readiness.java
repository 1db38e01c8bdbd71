package io.certworker.runtime;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What /health/live and /health/ready report. The operations endpoint starts before the worker's parts exist (so that
 * liveness answers while the worker starts), so each check is DOWN until its part registers the supplier that decides
 * it.
 */
final class Readiness {
    /** The named checks of /health/ready, in the order the body lists them. */
    enum Check {
        KAFKA("kafka"), USER_DIRECTORY("userDirectory"), TABLES("tables"), ISSUER("issuer"), LOOP("loop");

        private final String label;

        Check(String label) {
            this.label = label;
        }
    }

    private final Map<Check, BooleanSupplier> checks = new EnumMap<>(Check.class);
    private volatile BooleanSupplier loopRunning = () -> false;
    private volatile boolean loopStarted;

    Readiness() {
        for (Check check : Check.values()) {
            checks.put(check, () -> false);
        }
    }

    /** The part behind {@code check} exists: from now on, {@code supplier} decides it. */
    synchronized void decide(Check check, BooleanSupplier supplier) {
        checks.put(check, supplier);
    }

    /** Every check by its label; each reads its current supplier, so parts registered later count. */
    Map<String, BooleanSupplier> ready() {
        Map<String, BooleanSupplier> view = new LinkedHashMap<>();
        for (Check check : Check.values()) {
            view.put(check.label, () -> current(check).getAsBoolean());
        }
        return view;
    }

    /** The loop exists: from now on, {@code running} says whether it still runs (liveness). */
    void loopStarted(BooleanSupplier running) {
        loopRunning = running;
    }

    /** Alive while starting, and while the loop runs; not once the loop has stopped on its own. */
    Map<String, BooleanSupplier> live() {
        return Map.of("loop", () -> {
            boolean running = loopRunning.getAsBoolean();
            loopStarted |= running;
            return running || !loopStarted;
        });
    }

    private synchronized BooleanSupplier current(Check check) {
        return checks.get(check);
    }
}
