package io.certworker.testing.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the internal CA signed: the signature logs of every worker process ({@code ca.signature.log}), one JSON line
 * per signature, {@code {"serialNumber","requestId","groupId","username","notAfter","signedAt"}}. A certificate
 * finished again from its draft after a crash appears twice with the same serial; a request minted twice would
 * appear with two serials.
 */
public final class SignatureLogs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One signature. */
    public record Signature(String serialNumber, String requestId, String groupId, String username, String notAfter,
                            String signedAt, Path file, int line) {
    }

    private final List<Signature> signatures;
    private final List<String> tornLines;

    private SignatureLogs(List<Signature> signatures, List<String> tornLines) {
        this.tornLines = List.copyOf(tornLines);
        this.signatures = List.copyOf(signatures);
    }

    /**
     * Reads the given logs (a missing file counts as empty: that process signed nothing).
     *
     * @throws AssertionError for a line that is not a complete signature record: the log is evidence, a torn line
     *                        would mean a signature can be lost
     */
    public static SignatureLogs read(Collection<Path> files) {
        List<Signature> signatures = new ArrayList<>();
        List<String> torn = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                if (isTorn(lines[i])) {
                    // kill -9 can cut a write at a page boundary: the line of a certificate that was never
                    // published, signed again (with the same serial) by whoever handles its request next.
                    torn.add(file + ":" + (i + 1));
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(lines[i]);
                    Signature signature = new Signature(text(node, "serialNumber"), text(node, "requestId"),
                            text(node, "groupId"), text(node, "username"), text(node, "notAfter"),
                            text(node, "signedAt"), file, i + 1);
                    if (signature.serialNumber() == null || signature.requestId() == null) {
                        throw new AssertionError(file + ":" + (i + 1) + " lacks a serial or a requestId: " + lines[i]);
                    }
                    signatures.add(signature);
                } catch (IOException e) {
                    throw new AssertionError(file + ":" + (i + 1) + " is not JSON: " + lines[i], e);
                }
            }
        }
        return new SignatureLogs(signatures, torn);
    }

    /** A line cut short by a killed process: the start of a signature's JSON, never closed. */
    private static boolean isTorn(String line) {
        return line.startsWith("{\"serialNumber\"") && !line.endsWith("}");
    }

    /** Lines cut short by a killed process ({@code file:line}), left out of every count. */
    public List<String> tornLines() {
        return tornLines;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** Every signature line, file by file. */
    public List<Signature> signatures() {
        return signatures;
    }

    /** The distinct serials signed. */
    public Set<String> distinctSerials() {
        return signatures.stream().map(Signature::serialNumber).collect(Collectors.toCollection(TreeSet::new));
    }

    /** requestId → the distinct serials signed for it (exactly one each, if nothing was minted twice). */
    public Map<String, Set<String>> serialsByRequestId() {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (Signature signature : signatures) {
            map.computeIfAbsent(signature.requestId(), id -> new TreeSet<>()).add(signature.serialNumber());
        }
        return map;
    }

    /** serial → its signature lines (more than one: the certificate was finished again from its draft). */
    public Map<String, List<Signature>> bySerial() {
        Map<String, List<Signature>> map = new LinkedHashMap<>();
        for (Signature signature : signatures) {
            map.computeIfAbsent(signature.serialNumber(), serial -> new ArrayList<>()).add(signature);
        }
        return map;
    }

    /** The serials signed more than once: certificates finished again from their drafts after a failure. */
    public Map<String, List<Signature>> signedAgain() {
        Map<String, List<Signature>> again = new LinkedHashMap<>();
        bySerial().forEach((serial, lines) -> {
            if (lines.size() > 1) {
                again.put(serial, lines);
            }
        });
        return again;
    }

    /** The requestIds with more than one distinct serial: requests minted twice (must be empty). */
    public Map<String, Set<String>> mintedTwice() {
        Map<String, Set<String>> twice = new LinkedHashMap<>();
        serialsByRequestId().forEach((id, serials) -> {
            if (serials.size() > 1) {
                twice.put(id, serials);
            }
        });
        return twice;
    }
}
