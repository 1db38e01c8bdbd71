package io.certworker.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a reliability run showed, printed as one {@code FIGURES:} line on standard output (failsafe keeps it in
 * {@code target/failsafe-reports/<class>-output.txt}) and appended to {@code target/reliability/figures.log}.
 */
final class Figures {
    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures(String test) {
        values.put("test", test);
    }

    Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    Figures millis(String name, long nanos) {
        values.put(name, nanos / 1_000_000);
        return this;
    }

    void print() {
        StringBuilder line = new StringBuilder("FIGURES:");
        values.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        System.out.println(line);
        System.out.flush();
        try {
            Files.createDirectories(Workspace.root());
            Files.writeString(Workspace.root().resolve("figures.log"), Instant.now() + " " + line + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the standard output line is the record; the file is a convenience
        }
    }
}
