package io.certworker.handling;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.X509Type;
import io.certworker.directory.ProjectSecurity;
import io.certworker.directory.UserDirectory;
import io.certworker.directory.UserLookup;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.Issuer;
import io.certworker.validation.ReceivedRequest;
import io.certworker.validation.RequestValidator;
import io.certworker.validation.Validation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Answers one certificate request, top to bottom: is it valid? does its user exist? does the project manage its own
 * CA? is the user a managed X.509 user? is the user under the certificate cap? Only then issue. Every path ends in
 * exactly one {@link Outcome}; the returned stage never fails.
 */
public final class CertificateRequestHandler {
    private final RequestValidator validator;
    private final UserDirectory directory;
    private final ProjectSecurity projects;
    private final CertificateAllowance allowance;
    private final Issuer issuer;

    /** A handler without project settings or per-user cap. */
    public CertificateRequestHandler(RequestValidator validator, UserDirectory directory, Issuer issuer) {
        this(validator, directory, ProjectSecurity.NONE, CertificateAllowance.UNLIMITED, issuer);
    }

    public CertificateRequestHandler(RequestValidator validator, UserDirectory directory, ProjectSecurity projects,
                                     CertificateAllowance allowance, Issuer issuer) {
        this.validator = validator;
        this.directory = directory;
        this.projects = projects;
        this.allowance = allowance;
        this.issuer = issuer;
    }

    public CompletionStage<Outcome> handle(ReceivedRequest request) {
        try {
            Validation validation = validator.validate(request);
            if (validation instanceof Validation.Invalid invalid) {
                return CompletableFuture.completedFuture(refused(request, invalid.error()));
            }
            CertificateOrder order = ((Validation.Valid) validation).order();
            return directory.lookUp(order.groupId(), order.username())
                    .thenCompose(user -> issueFor(order, user))
                    .exceptionally(failure -> unexpected(request, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unexpected(request, e));
        }
    }

    private CompletionStage<Outcome> issueFor(CertificateOrder order, UserLookup lookup) {
        if (lookup instanceof UserLookup.UnknownGroup) {
            return refuse(order, ErrorCode.GROUP_NOT_FOUND.error(order.groupId()));
        }
        if (lookup instanceof UserLookup.UnknownUser) {
            return refuse(order, ErrorCode.USERNAME_NOT_FOUND.error(order.username()));
        }
        if (projects.customerX509Enabled(order.groupId())) {
            return refuse(order, ErrorCode.CANNOT_GENERATE_CERT_IF_ADVANCED_X509.error());
        }
        if (((UserLookup.Found) lookup).user().x509TypeOrDefault() != X509Type.MANAGED) {
            return refuse(order, ErrorCode.USER_NOT_MANAGED_X509.error());
        }
        if (!allowance.take(order.groupId(), order.username(), order.requestId())) {
            return refuse(order, ErrorCode.ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED.error());
        }
        return issuer.issue(order).handle((result, failure) -> {
            if (failure != null || result instanceof IssuanceResult.Refused) {
                allowance.giveBack(order.requestId());
            }
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return outcomeOf(order, result);
        });
    }

    private static Outcome outcomeOf(CertificateOrder order, IssuanceResult result) {
        if (result instanceof IssuanceResult.Issued issued) {
            return new Outcome.Issued(order.requestId(), order.groupId(), order.username(), issued.certificate(),
                    order.renewalOf());
        }
        return new Outcome.Refused(order.requestId(), order.groupId(), order.username(),
                ((IssuanceResult.Refused) result).error());
    }

    private static CompletionStage<Outcome> refuse(CertificateOrder order, AtlasApiError error) {
        return CompletableFuture.completedFuture(
                new Outcome.Refused(order.requestId(), order.groupId(), order.username(), error));
    }

    private static Outcome refused(ReceivedRequest request, AtlasApiError error) {
        return new Outcome.Refused(request.requestId(), request.groupId(), request.username(), error);
    }

    private static Outcome unexpected(ReceivedRequest request, Throwable failure) {
        return refused(request, IssuanceFaults.answer(request.requestId(), failure));
    }
}
