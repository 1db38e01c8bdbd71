package io.certworker.revocation;

import java.math.BigInteger;

/**
 * The ledger's record keys, {@code groupId/username/serial}: the groupId has no slash and the serial is decimal, so
 * a username with slashes in it is everything between the first and the last.
 */
public final class LedgerKeys {
    private LedgerKeys() {
    }

    public record Parsed(String groupId, String username, BigInteger serial) {
        public String userKey() {
            return groupId + "/" + username;
        }
    }

    public static String of(String groupId, String username, BigInteger serial) {
        return groupId + "/" + username + "/" + serial;
    }

    /** The parts of a key, or null when it is not a ledger key. */
    public static Parsed parse(String key) {
        int first = key.indexOf('/');
        int last = key.lastIndexOf('/');
        if (first <= 0 || last <= first + 1 || last == key.length() - 1) {
            return null;
        }
        try {
            BigInteger serial = new BigInteger(key.substring(last + 1));
            return serial.signum() > 0 ? new Parsed(key.substring(0, first), key.substring(first + 1, last), serial)
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
