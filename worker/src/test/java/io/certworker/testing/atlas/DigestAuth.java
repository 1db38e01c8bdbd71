package io.certworker.testing.atlas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP Digest (RFC 7616 / 2617) as Atlas's API-key auth uses it: MD5, {@code qop=auth}. */
final class DigestAuth {
    private DigestAuth() {
    }

    /** Atlas's challenge, word for word apart from the nonce. */
    static String challenge(String realm, String nonce, boolean stale) {
        return "Digest realm=\"" + realm + "\", domain=\"\", nonce=\"" + nonce
                + "\", algorithm=MD5, qop=\"auth\", stale=" + stale;
    }

    /**
     * The parameters of an {@code Authorization: Digest …} header (names lower-cased), or null when the header is
     * not a Digest one or cannot be parsed.
     */
    static Map<String, String> parse(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        String s = header.substring(7);
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            params.put(name, value.toString().trim());
        }
        return params;
    }

    /** {@code MD5(HA1:nonce:nc:cnonce:qop:HA2)} with {@code HA1 = MD5(user:realm:password)}, {@code HA2 = MD5(method:uri)}. */
    static String response(String username, String realm, String password, String method, String uri, String nonce,
            String nc, String cnonce, String qop) {
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hex digests. */
    static boolean same(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
