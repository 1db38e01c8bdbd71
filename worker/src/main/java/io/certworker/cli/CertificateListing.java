package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.Topics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A user's unexpired certificates from the ledger, as Atlas lists them for
 * {@code GET /api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs}: oldest first.
 */
final class CertificateListing {
    private CertificateListing() {
    }

    /** The unexpired entries of one user, from a snapshot of the ledger (key → value). */
    public static List<LedgerEntry> unexpired(Map<String, byte[]> ledger, String groupId, String username, Instant now) {
        String prefix = Topics.key(groupId, username) + "/";
        List<LedgerEntry> entries = new ArrayList<>();
        ledger.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0) {
                try {
                    LedgerEntry entry = EventCodec.instance().decode(value, LedgerEntry.class);
                    if (entry.notAfter() != null && entry.notAfter().isAfter(now)) {
                        entries.add(entry);
                    }
                } catch (IllegalArgumentException e) {
                    // an unreadable entry is not a certificate of this user's
                }
            }
        });
        entries.sort(Comparator.comparing(LedgerEntry::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(LedgerEntry::id));
        return entries;
    }

    /** Atlas's list answer for these entries: UserCert objects ({@code _id}, createdAt, groupId, notAfter, subject). */
    public static ObjectNode page(List<LedgerEntry> entries, String baseUrl, String groupId, String username,
                                  int itemsPerPage, int pageNum, boolean includeCount) {
        ObjectMapper json = EventCodec.instance().mapper();
        List<JsonNode> results = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            ObjectNode userCert = json.createObjectNode();
            userCert.put("_id", entry.id());
            userCert.put("createdAt", String.valueOf(entry.createdAt()));
            userCert.put("groupId", entry.groupId());
            userCert.put("notAfter", String.valueOf(entry.notAfter()));
            userCert.put("subject", entry.subject());
            results.add(userCert);
        }
        String path = "/api/atlas/v2/groups/" + groupId + "/databaseUsers/" + encode(username) + "/certs";
        return AtlasPages.page(json, results, baseUrl, path, itemsPerPage, pageNum, includeCount);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
