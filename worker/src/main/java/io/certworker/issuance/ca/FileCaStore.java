package io.certworker.issuance.ca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Per-project CAs in a directory on disk, for a single worker instance: {@code <dir>/<groupId>/ca.pem} and
 * {@code ca.key} (PKCS#8, owner-only), or, for a CA whose key is in a PKCS#11 token, {@code ca.key-label} (the key's
 * label in the token, no key material) instead of {@code ca.key}. A new CA is written into a scratch directory and renamed into place, so a reader
 * never sees half a CA and, of two writers, the first rename wins.
 */
final class FileCaStore implements GroupCaStore {
    private static final Pattern GROUP_ID = Pattern.compile("[a-f0-9]{24}");
    private static final String CERTIFICATE = PemFiles.CA_CERTIFICATE;
    private static final String PRIVATE_KEY = PemFiles.CA_PRIVATE_KEY;
    private static final String TOKEN_KEY_LABEL = PemFiles.CA_TOKEN_KEY_LABEL;

    private final Path directory;

    FileCaStore(Path directory) {
        this.directory = directory;
        PemFiles.createPrivateDirectories(directory);
    }

    @Override
    public Optional<StoredCa> load(String groupId) {
        Path groupDirectory = groupDirectory(groupId);
        boolean keyHere = Files.isRegularFile(groupDirectory.resolve(PRIVATE_KEY));
        if (!keyHere && !Files.isRegularFile(groupDirectory.resolve(TOKEN_KEY_LABEL))) {
            return Optional.empty();
        }
        List<X509CertificateHolder> certificates = PemFiles.certificates(PemFiles.read(groupDirectory.resolve(CERTIFICATE)));
        if (certificates.isEmpty()) {
            throw new IllegalStateException("no certificate in " + groupDirectory.resolve(CERTIFICATE));
        }
        if (!keyHere) {
            return Optional.of(StoredCa.inToken(certificates.get(0),
                    PemFiles.read(groupDirectory.resolve(TOKEN_KEY_LABEL)).strip()));
        }
        return Optional.of(new StoredCa(certificates.get(0),
                PemFiles.privateKey(PemFiles.read(groupDirectory.resolve(PRIVATE_KEY)))));
    }

    @Override
    public StoredCa storeIfAbsent(String groupId, StoredCa candidate) {
        Path target = groupDirectory(groupId);
        boolean written = candidate.keyInToken()
                ? PemFiles.writeCaDirectory(target, candidate.certificate(), candidate.tokenKeyLabel())
                : PemFiles.writeCaDirectory(target, candidate.certificate(), candidate.privateKey());
        if (written) {
            return candidate;
        }
        return load(groupId).orElseThrow(() -> new IllegalStateException("CA of " + groupId + " vanished from " + target));
    }

    private Path groupDirectory(String groupId) {
        if (!GROUP_ID.matcher(groupId).matches()) {
            throw new IllegalArgumentException("not a group id: " + groupId);
        }
        return directory.resolve(groupId);
    }
}
