package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * What the worker remembers of one request (its own compacted topic {@code cert-requests-state}, key
 * {@code requestId}, partition for partition beside {@code cert-requests}). Not for other producers: the worker
 * alone writes it, and a tombstone ends a draft.
 *
 * <ul>
 *   <li>{@link State#ANSWERED}: the request got a certificate, {@code serialNumber}; written in the transaction of its
 *       issued event, and written again, unchanged, when the same requestId comes back. Remembered until
 *       {@code answeredAt} plus the worker's {@code request.state.retention.ms}.
 *   <li>{@link State#MINTING}: a draft, committed before the issuer mints; {@code wrappedSecret} holds what the issuer
 *       needs to finish the same certificate after a crash (for the internal CA its serial, validity and key pair),
 *       wrapped with AES-256-GCM under the key-encryption key {@code keyEncryptionKeyId}.
 * </ul>
 *
 * @param schemaVersion      version of this format
 * @param state              answered or minting
 * @param requestId          the request's id, as its record key
 * @param groupId            the request's project
 * @param username           the request's user
 * @param serialNumber       decimal serial of the certificate the request was answered with (answered)
 * @param issuer             which issuer answered or is minting ({@code internal-ca}, {@code atlas})
 * @param answeredAt         when the request was first answered (answered)
 * @param startedAt          when the draft was written (minting)
 * @param wrappedSecret      the issuer's draft, wrapped, base64 (minting; absent when the issuer keeps nothing)
 * @param keyEncryptionKeyId id of the key that wrapped {@code wrappedSecret}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestState(
        Integer schemaVersion,
        State state,
        String requestId,
        String groupId,
        String username,
        String serialNumber,
        String issuer,
        Instant answeredAt,
        Instant startedAt,
        String wrappedSecret,
        String keyEncryptionKeyId) {

    /** The two things the worker remembers of a request. */
    public enum State {
        @JsonProperty("answered") ANSWERED,
        @JsonProperty("minting") MINTING
    }

    /** The request was answered with the certificate {@code serialNumber}. */
    public static RequestState answered(String requestId, String groupId, String username, String serialNumber,
                                        String issuer, Instant answeredAt) {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(answeredAt, "answeredAt");
        return new RequestState(SchemaVersion.CURRENT, State.ANSWERED, requestId, groupId, username, serialNumber,
                issuer, answeredAt, null, null, null);
    }

    /** The issuer is about to mint for the request; {@code wrappedSecret} may be null. */
    public static RequestState minting(String requestId, String groupId, String username, String issuer,
                                       Instant startedAt, String wrappedSecret, String keyEncryptionKeyId) {
        return new RequestState(SchemaVersion.CURRENT, State.MINTING, requestId, groupId, username, null, issuer, null,
                startedAt, wrappedSecret, keyEncryptionKeyId);
    }

    @Override
    public String toString() {
        return "RequestState[" + state + " " + requestId + (serialNumber == null ? "" : " serial=" + serialNumber)
                + (wrappedSecret == null ? "" : " wrappedSecret=(redacted)") + "]";
    }
}
