package io.certworker.issuance.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.issuance.CertificateOrder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CA's own record of every signature it makes, one JSON line each, appended before the certificate leaves the
 * issuer: {@code {"serialNumber","requestId","groupId","username","notAfter","signedAt"}}. Never a key. It answers
 * "what did the CA sign?" independently of what was published (a certificate finished again after a crash appears
 * twice with the same serial).
 */
final class SignatureLog {
    private final Writer writer;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private SignatureLog(Writer writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    static SignatureLog appendingTo(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PemFiles.createPrivateDirectories(parent);
            }
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (endsMidLine(file)) {
                // A process killed while writing can leave half a line (the kernel may stop a write between pages):
                // end it, so that it never runs into the next signature's line.
                writer.write('\n');
                writer.flush();
            }
            return new SignatureLog(writer, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the signature log " + file, e);
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        try (RandomAccessFile contents = new RandomAccessFile(file.toFile(), "r")) {
            if (contents.length() == 0) {
                return false;
            }
            contents.seek(contents.length() - 1);
            return contents.read() != '\n';
        }
    }

    static SignatureLog discarding(Clock clock) {
        return new SignatureLog(Writer.nullWriter(), clock);
    }

    synchronized void signed(BigInteger serial, CertificateOrder order, Instant notAfter) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("serialNumber", serial.toString());
        line.put("requestId", order.requestId());
        line.put("groupId", order.groupId());
        line.put("username", order.username());
        line.put("notAfter", notAfter.toString());
        line.put("signedAt", clock.instant().toString());
        try {
            writer.write(json.writeValueAsString(line));
            writer.write('\n');
            writer.flush(); // into the OS at once: a killed process loses nothing it signed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the signature log", e);
        }
    }
}
