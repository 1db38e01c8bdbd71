package io.certworker.handling;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.AtlasApiError;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.X509Type;
import io.certworker.directory.UserDirectory;
import io.certworker.directory.UserLookup;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.validation.ReceivedRequest;
import io.certworker.validation.RequestValidator;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The handler's decisions, with a directory and an issuer that answer from memory. */
class CertificateRequestHandlerTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    final Map<String, DatabaseUser> users = Map.of(
            "alice", DatabaseUser.of(GROUP, "alice", "$external", X509Type.MANAGED),
            "bob", DatabaseUser.of(GROUP, "bob", "admin", null),
            "carol", DatabaseUser.of(GROUP, "carol", "$external", X509Type.CUSTOMER));
    final List<CertificateOrder> orders = new ArrayList<>();

    final UserDirectory directory = (groupId, username) -> {
        if (!groupId.equals(GROUP)) {
            return CompletableFuture.completedFuture(new UserLookup.UnknownGroup());
        }
        DatabaseUser user = users.get(username);
        return CompletableFuture.completedFuture(user == null ? new UserLookup.UnknownUser() : new UserLookup.Found(user));
    };

    Issuer issuer = order -> {
        orders.add(order);
        return CompletableFuture.completedFuture(new IssuanceResult.Issued(new IssuedCertificate(BigInteger.TEN,
                "CN=" + order.username(), Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "test", "PEM", null)));
    };

    @Test
    void aManagedUserGetsACertificate() {
        Outcome outcome = handle(ReceivedRequest.of("r1", GROUP, "alice", 6));

        assertThat(outcome).isInstanceOf(Outcome.Issued.class);
        assertThat(orders).containsExactly(new CertificateOrder("r1", GROUP, "alice", 6));
    }

    @Test
    void anInvalidRequestNeverReachesTheDirectoryOrTheIssuer() {
        Outcome outcome = handle(ReceivedRequest.of("r1", GROUP, "alice", 25));

        assertThat(error(outcome).errorCode()).isEqualTo("CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS");
        assertThat(orders).isEmpty();
    }

    @Test
    void usersWithoutManagedX509AreRefusedBeforeIssuing() {
        assertThat(error(handle(ReceivedRequest.of("r", GROUP, "bob", 3))).errorCode()).isEqualTo("USER_NOT_MANAGED_X509");
        assertThat(error(handle(ReceivedRequest.of("r", GROUP, "carol", 3))).errorCode()).isEqualTo("USER_NOT_MANAGED_X509");
        assertThat(orders).isEmpty();
    }

    @Test
    void unknownUsersAndGroupsAreNotFound() {
        AtlasApiError user = error(handle(ReceivedRequest.of("r", GROUP, "mallory", 3)));
        AtlasApiError group = error(handle(ReceivedRequest.of("r", "bbbbbbbbbbbbbbbbbbbbbbbb", "alice", 3)));

        assertThat(user.status()).isEqualTo(404);
        assertThat(user.errorCode()).isEqualTo("USERNAME_NOT_FOUND");
        assertThat(user.detail()).isEqualTo("No user with username mallory exists.");
        assertThat(group.errorCode()).isEqualTo("GROUP_NOT_FOUND");
        assertThat(group.detail()).isEqualTo("No group with ID bbbbbbbbbbbbbbbbbbbbbbbb exists.");
    }

    @Test
    void anIssuerRefusalIsPassedOnUnchanged() {
        AtlasApiError atlas = new AtlasApiError(429, "RATE_LIMITED", "Slow down.", "Too Many Requests", List.of(), List.of(), true);
        issuer = order -> CompletableFuture.completedFuture(new IssuanceResult.Refused(atlas));

        assertThat(error(handle(ReceivedRequest.of("r", GROUP, "alice", 3)))).isEqualTo(atlas);
    }

    @Test
    void anUnexpectedIssuerFailureIsARetryable500AndNeverAnException() {
        issuer = order -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
        AtlasApiError failed = error(handle(ReceivedRequest.of("r", GROUP, "alice", 3)));

        issuer = order -> {
            throw new IllegalStateException("bug");
        };
        AtlasApiError thrown = error(handle(ReceivedRequest.of("r", GROUP, "alice", 3)));

        for (AtlasApiError error : List.of(failed, thrown)) {
            assertThat(error.status()).isEqualTo(500);
            assertThat(error.errorCode()).isEqualTo("UNEXPECTED_ERROR");
            assertThat(error.reason()).isEqualTo("Internal Server Error");
            assertThat(error.retryable()).isTrue();
            assertThat(error.detail()).doesNotContain("disk full", "bug");
        }
    }

    @Test
    void theOutcomeCarriesTheRequestAsSentEvenWhenItIsInvalid() {
        Outcome outcome = handle(ReceivedRequest.of("r9", "not-a-group", null, 3));

        assertThat(outcome.requestId()).isEqualTo("r9");
        assertThat(outcome.groupId()).isEqualTo("not-a-group");
        assertThat(outcome.username()).isNull();
    }

    private Outcome handle(ReceivedRequest request) {
        CompletionStage<Outcome> stage = new CertificateRequestHandler(new RequestValidator(), directory, order -> issuer.issue(order))
                .handle(request);
        return stage.toCompletableFuture().join();
    }

    private static AtlasApiError error(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
        return ((Outcome.Refused) outcome).error();
    }
}
