package io.certworker.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** How to run this jar again, for examples printed to the user. */
final class JarLocation {
    private JarLocation() {
    }

    static String commandPrefix() {
        try {
            Path location = Path.of(JarLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                Path relative = location.toAbsolutePath();
                Path here = Path.of("").toAbsolutePath();
                if (relative.startsWith(here)) {
                    relative = here.relativize(relative);
                }
                return "java -jar " + relative;
            }
        } catch (Exception e) {
            // fall through to the generic form
        }
        return "java -jar cert-worker.jar";
    }
}
