package io.certworker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Runs an operation over and over on the calling thread and reports its rate per second of this thread's CPU time:
 * what one core does, whatever else the machine runs at the same time (a wall clock on a shared machine measures the
 * neighbours too). Time spent by other threads (the JIT, the garbage collector) is not counted.
 */
final class CpuTimedLoop {
    /** One timed operation. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long WARM_UP_NANOS = 300_000_000L;
    private static final long MEASURE_NANOS = 1_000_000_000L;
    /** Operations between two readings of the CPU clock, so that reading it costs nothing noticeable. */
    private static final long BATCH_NANOS = 5_000_000L;

    private CpuTimedLoop() {
    }

    /** Operations per CPU second, after a warm-up, over at least a CPU second and at least {@code minimum} runs. */
    static double rate(Operation operation, int minimum) throws Exception {
        return rate(operation, minimum, WARM_UP_NANOS, MEASURE_NANOS);
    }

    /** As {@link #rate(Operation, int)}, with a warm-up and a measurement of the given CPU nanoseconds at least. */
    static double rate(Operation operation, int minimum, long warmUpNanos, long measureNanos) throws Exception {
        run(operation, warmUpNanos, 1);
        long[] result = run(operation, measureNanos, minimum);
        return result[0] / (result[1] / 1e9);
    }

    /** {operations, CPU nanoseconds} of runs for at least {@code nanos} of CPU and {@code minimum} operations. */
    private static long[] run(Operation operation, long nanos, int minimum) throws Exception {
        long started = THREADS.getCurrentThreadCpuTime();
        long done = 0;
        long batch = 1;
        long elapsed;
        do {
            long batchStarted = THREADS.getCurrentThreadCpuTime();
            for (long i = 0; i < batch; i++) {
                operation.run();
            }
            done += batch;
            long now = THREADS.getCurrentThreadCpuTime();
            if (now - batchStarted < BATCH_NANOS) {
                batch *= 2;
            }
            elapsed = now - started;
        } while (done < minimum || elapsed < nanos);
        return new long[] {done, elapsed};
    }
}
