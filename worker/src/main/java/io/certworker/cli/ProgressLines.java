package io.certworker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Progress that a terminal shows as one line rewritten in place ({@code \r}), reduced to what a file or a CI log
 * should get: each line's last state only, so one line per phase instead of thousands of updates.
 */
final class ProgressLines extends OutputStream {
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ProgressLines(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (b == '\r') {
            line.reset(); // rewritten: only the newest state counts
        } else if (b == '\n') {
            line.write('\n');
            line.writeTo(out);
            out.flush();
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        // a line is written when it is finished
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            line.writeTo(out);
            line.reset();
        }
        out.flush();
    }
}
