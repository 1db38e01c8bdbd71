package io.certworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A test's own folder, {@code target/reliability/<test>-<pid of the test JVM>/}: process logs, CA directories,
 * signature logs, broker data. Kept after the test as evidence; the folders of the same test left by test JVMs that
 * no longer run are deleted when it starts again. (The pid keeps two builds running at once in one tree, which
 * happens on a shared machine, out of each other's folders.)
 */
final class Workspace {
    private Workspace() {
    }

    static Path root() {
        return Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("reliability");
    }

    static Path fresh(String test) {
        try {
            Files.createDirectories(root());
            try (var folders = Files.list(root())) {
                for (Path folder : folders.toList()) {
                    String name = folder.getFileName().toString();
                    if (Files.isDirectory(folder) && name.startsWith(test + "-")) {
                        String pid = name.substring(test.length() + 1);
                        boolean running = pid.chars().allMatch(Character::isDigit)
                                && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                        if (!running || Long.parseLong(pid) == ProcessHandle.current().pid()) {
                            delete(folder);
                        }
                    }
                }
            }
            return Files.createDirectories(root().resolve(test + "-" + ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
