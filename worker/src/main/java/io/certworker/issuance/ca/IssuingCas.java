package io.certworker.issuance.ca;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The internal CA's project CAs, for signing what is not a certificate: CRLs and OCSP answers. Looks up existing CAs
 * only: a project gets its CA with its first certificate. The private keys stay in this package; callers get a
 * signer, deterministic like every signature the CA makes.
 */
public final class IssuingCas {
    private final Function<String, Optional<CertificateAuthority>> lookup;
    private final CryptoProviders providers;

    IssuingCas(Function<String, Optional<CertificateAuthority>> lookup, CryptoProviders providers) {
        this.lookup = lookup;
        this.providers = providers;
    }

    /**
     * The CAs of a store as they are, without checking which root issued them: for a command that makes a CRL
     * itself, as the worker would.
     */
    public static IssuingCas of(GroupCaStore store) {
        return new IssuingCas(groupId -> store.load(groupId)
                .map(stored -> CertificateAuthority.of(stored.certificate(), stored.privateKey(), "")),
                CryptoProviders.automatic());
    }

    /** The CAs kept on disk under {@code directory} (the worker's {@code ca.dir/groups}). */
    public static IssuingCas onDisk(Path directory) {
        return of(GroupCaStore.onDisk(directory));
    }

    /** The project's CA, if the project has one. */
    public Optional<ProjectCa> find(String groupId) {
        return lookup.apply(groupId).map(authority -> new ProjectCa(authority, providers));
    }

    /** One project's CA: its certificate and a signer with its key. {@link #toString()} shows no key. */
    public static final class ProjectCa {
        private final CertificateAuthority authority;
        private final CryptoProviders providers;

        ProjectCa(CertificateAuthority authority, CryptoProviders providers) {
            this.authority = authority;
            this.providers = providers;
        }

        public X509CertificateHolder certificate() {
            return authority.certificate();
        }

        /** A fresh signer with the CA's key (deterministic: the same content gives the same signature). */
        public ContentSigner signer() {
            return SigningKeys.signer(authority.publicKey(), authority.privateKey(), providers);
        }

        @Override
        public String toString() {
            return "ProjectCa[" + authority.certificate().getSubject() + "]";
        }
    }
}
