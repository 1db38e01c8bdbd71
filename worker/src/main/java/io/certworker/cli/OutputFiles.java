package io.certworker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Files the commands write that may hold a private key: readable by their owner only. */
final class OutputFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OutputFiles() {
    }

    static void writePrivate(Path file, String text) throws IOException {
        if (POSIX) {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /**
     * An output file made sure of before anything is asked for: created empty ({@code rw-------}) when it does not
     * exist, so that a certificate is never minted only to find it cannot be written.
     */
    static final class Reserved {
        private final Path file;
        private final boolean created;
        private boolean written;

        private Reserved(Path file, boolean created) {
            this.file = file;
            this.created = created;
        }

        /** @throws Unwritable naming why {@code file} cannot be written */
        static Reserved of(Path file) throws Unwritable {
            if (Files.isDirectory(file)) {
                throw new Unwritable(file + " is a directory");
            }
            if (Files.exists(file)) {
                if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
                    throw new Unwritable(file + " is not a file this user can write");
                }
                return new Reserved(file, false);
            }
            try {
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
                return new Reserved(file, true);
            } catch (NoSuchFileException e) {
                Path parent = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(file);
                throw new Unwritable("cannot create " + file + ": no such directory " + parent);
            } catch (AccessDeniedException e) {
                throw new Unwritable("cannot create " + file + ": permission denied");
            } catch (IOException e) {
                throw new Unwritable("cannot create " + file + ": " + e.getMessage());
            }
        }

        void write(String text) throws IOException {
            writePrivate(file, text);
            written = true;
        }

        /** Removes the empty file this made, if nothing was written to it. */
        void releaseUnlessWritten() {
            if (created && !written) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // an empty file left behind holds nothing
                }
            }
        }
    }

    /** Why an output file cannot be written. */
    static final class Unwritable extends Exception {
        Unwritable(String message) {
            super(message);
        }
    }
}
