package io.certworker.pki;

import io.certworker.issuance.ca.IssuingCas;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * An OCSP responder (RFC 6960) for one project's CA at a time, answering from the certificate table: {@code good}
 * for an unexpired certificate of the project's CA that is not revoked, {@code revoked} with its time and reason,
 * {@code unknown} for a serial the ledger does not know or a certificate of another issuer. Answers are signed by the
 * project's CA itself, name it by key hash, echo the request's nonce and are valid for {@link #VALIDITY}. Anything
 * that is not an OCSP request is answered {@code malformedRequest}; a project without a CA {@code unauthorized}; a
 * worker whose ledger is not read yet {@code tryLater}.
 */
public final class OcspResponder {
    /** How long a relying party may keep an answer: short, so that a revocation is seen soon. */
    static final Duration VALIDITY = Duration.ofHours(1);

    private final CertificateTable table;
    private final IssuingCas cas;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final DigestCalculatorProvider digests = new BcDigestCalculatorProvider();

    /** @param ready whether the ledger has been read to its end (otherwise "good" could be a lie) */
    public OcspResponder(CertificateTable table, IssuingCas cas, BooleanSupplier ready, Clock clock) {
        this.table = table;
        this.cas = cas;
        this.ready = ready;
        this.clock = clock;
    }

    /** The DER OCSPResponse to a DER OCSPRequest for the project's CA: always an answer, never an exception. */
    public byte[] respond(String groupId, byte[] request) {
        OCSPReq parsed;
        try {
            parsed = new OCSPReq(request);
            if (parsed.getRequestList().length == 0) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        Optional<IssuingCas.ProjectCa> ca = cas.find(groupId);
        if (ca.isEmpty()) {
            return status(OCSPRespBuilder.UNAUTHORIZED);
        }
        if (!ready.getAsBoolean()) {
            return status(OCSPRespBuilder.TRY_LATER);
        }
        try {
            return answer(groupId, ca.get(), parsed);
        } catch (OCSPException | OperatorCreationException e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    /** A response with a status and no answer: malformedRequest for a request too large to read, say. */
    public static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("cannot encode an OCSP status", e);
        }
    }

    private byte[] answer(String groupId, IssuingCas.ProjectCa ca, OCSPReq request)
            throws OCSPException, OperatorCreationException {
        X509CertificateHolder issuer = ca.certificate();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                new RespID(issuer.getSubjectPublicKeyInfo(), digests.get(RespID.HASH_SHA1)));
        for (Req single : request.getRequestList()) {
            CertificateID id = single.getCertID();
            builder.addResponse(id, status(groupId, issuer, id, now), Date.from(now), Date.from(now.plus(VALIDITY)),
                    null);
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        BasicOCSPResp basic = builder.build(ca.signer(), null, Date.from(now));
        try {
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CertificateStatus status(String groupId, X509CertificateHolder issuer, CertificateID id, Instant now)
            throws OCSPException {
        if (!id.matchesIssuer(issuer, digests)) {
            return new UnknownStatus();
        }
        Optional<CertificateRecord> known = table.find(groupId, id.getSerialNumber());
        if (known.isEmpty() || !known.get().issuedByInternalCa()) {
            return new UnknownStatus();
        }
        CertificateRecord certificate = known.get();
        if (certificate.revoked()) {
            return new RevokedStatus(Date.from(certificate.revokedAt()), certificate.reason().code());
        }
        return certificate.expiredAt(now) ? new UnknownStatus() : CertificateStatus.GOOD;
    }
}
