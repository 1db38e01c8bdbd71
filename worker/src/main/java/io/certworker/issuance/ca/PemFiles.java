package io.certworker.issuance.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reading and writing the CA's PEM files; private keys are written readable by their owner only. */
final class PemFiles {
    /** The certificate file of a CA directory. */
    static final String CA_CERTIFICATE = "ca.pem";
    /** The private key file of a CA directory, PKCS#8, owner-only. */
    static final String CA_PRIVATE_KEY = "ca.key";
    /** Instead of {@link #CA_PRIVATE_KEY} for a CA whose key is in a PKCS#11 token: the key's label, one line. */
    static final String CA_TOKEN_KEY_LABEL = "ca.key-label";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PemFiles() {
    }

    /** Every certificate in the text, in order. */
    static List<X509CertificateHolder> certificates(String pem) {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder certificate) {
                    certificates.add(certificate);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The first private key in the text: PKCS#8, PKCS#1 (RSA) or SEC1 (EC). */
    static PrivateKey privateKey(String pem) {
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    // not getKeyPair(): a SEC1 key may leave out its (optional) public key
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no unencrypted private key found (PKCS#8, PKCS#1 or SEC1 PEM)");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Creates a directory (and its parents) that only its owner can enter. */
    static void createPrivateDirectories(Path directory) {
        try {
            if (POSIX) {
                Files.createDirectories(directory, ownerOnly(PosixFilePermission.OWNER_EXECUTE));
            } else {
                Files.createDirectories(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /** Writes {@code text} to a new file readable and writable by its owner only. */
    static void writePrivate(Path file, String text) {
        try {
            if (POSIX) {
                Files.createFile(file, ownerOnly());
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes a CA directory ({@link #CA_CERTIFICATE}, {@link #CA_PRIVATE_KEY}) at {@code target} in one step: written
     * into a scratch directory beside it, then renamed. Returns false, writing nothing, when {@code target} exists
     * already: the first writer wins.
     */
    static boolean writeCaDirectory(Path target, X509CertificateHolder certificate, PrivateKey privateKey) {
        return writeCaDirectory(target, certificate, CA_PRIVATE_KEY, Pem.privateKey(privateKey));
    }

    /**
     * As {@link #writeCaDirectory(Path, X509CertificateHolder, PrivateKey)}, for a CA whose key is in a PKCS#11 token:
     * {@link #CA_CERTIFICATE} and {@link #CA_TOKEN_KEY_LABEL}, no key material.
     */
    static boolean writeCaDirectory(Path target, X509CertificateHolder certificate, String tokenKeyLabel) {
        return writeCaDirectory(target, certificate, CA_TOKEN_KEY_LABEL, tokenKeyLabel + "\n");
    }

    private static boolean writeCaDirectory(Path target, X509CertificateHolder certificate, String keyFile,
                                            String keyText) {
        Path parent = target.toAbsolutePath().getParent();
        createPrivateDirectories(parent);
        Path scratch = parent.resolve(".incoming-" + UUID.randomUUID());
        createPrivateDirectories(scratch);
        try {
            writePrivate(scratch.resolve(CA_CERTIFICATE), Pem.certificate(certificate));
            writePrivate(scratch.resolve(keyFile), keyText);
            return moveIntoPlace(scratch, target);
        } finally {
            deleteRecursively(scratch);
        }
    }

    /**
     * Moves a fully written directory into place in one step. Returns false when {@code target} already exists,
     * which is how the first writer wins.
     */
    private static boolean moveIntoPlace(Path source, Path target) {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("the CA store's file system cannot rename atomically: " + target, e);
        } catch (IOException e) {
            if (Files.isDirectory(target)) {
                return false;
            }
            throw new UncheckedIOException("cannot move " + source + " to " + target, e);
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly(PosixFilePermission... extra) {
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString("rw-------");
        permissions.addAll(List.of(extra));
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
