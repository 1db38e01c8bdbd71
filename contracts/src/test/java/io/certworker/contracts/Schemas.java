package io.certworker.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The module's JSON Schemas, loaded from the classpath by their {@code $id}, with format assertions on (so that a
 * {@code date-time} that is not one fails), and the example files beside them.
 */
final class Schemas {
    /** Where the schemas and examples live on the classpath. */
    static final String BASE = "io/certworker/contracts/";
    /** The prefix of every schema's {@code $id}. */
    static final String ID_PREFIX = "https://certworker.io/schemas/";

    static final String REQUEST = "certificate-request.schema.json";
    static final String ISSUED = "certificate-issued.schema.json";
    static final String FAILED = "certificate-failed.schema.json";
    static final String DATABASE_USER = "database-user.schema.json";
    static final String LEDGER_ENTRY = "ledger-entry.schema.json";
    static final String USER_SECURITY = "user-security.schema.json";
    static final String REQUEST_STATE = "request-state.schema.json";
    static final String REVOCATION_REQUEST = "revocation-request.schema.json";
    static final String REVOKED = "certificate-revoked.schema.json";
    static final String EXPIRING = "certificate-expiring.schema.json";

    /** Every schema file, by the record it describes. */
    static final Map<Class<?>, String> BY_TYPE = Map.of(
            CertificateRequest.class, REQUEST,
            CertificateIssued.class, ISSUED,
            CertificateFailed.class, FAILED,
            DatabaseUser.class, DATABASE_USER,
            LedgerEntry.class, LEDGER_ENTRY,
            UserSecurity.class, USER_SECURITY,
            RequestState.class, REQUEST_STATE,
            RevocationRequest.class, REVOCATION_REQUEST,
            CertificateRevoked.class, REVOKED,
            CertificateExpiring.class, EXPIRING);

    /** A plain mapper for reading documents as trees: no coercion, nothing of the codec's. */
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:" + BASE + "schemas/")));

    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The schema of the given file name, found through its {@code $id}. */
    static Schema schema(String fileName) {
        return CACHE.computeIfAbsent(fileName, name -> REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + name)));
    }

    /** The violations of {@code document} against the schema of the given file name; empty when valid. */
    static List<Error> validate(String fileName, JsonNode document) {
        return schema(fileName).validate(document);
    }

    /** The violations of the JSON text against the schema of the given file name. */
    static List<Error> validate(String fileName, String json) {
        return validate(fileName, tree(json));
    }

    /** The violations of the UTF-8 JSON bytes against the schema of the given file name. */
    static List<Error> validate(String fileName, byte[] json) {
        try {
            return validate(fileName, JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The draft 2020-12 meta-schema, as the validator ships it. */
    static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a resource under {@link #BASE}, for example {@code examples/database-user.json}. */
    static byte[] resource(String relativePath) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(BASE + relativePath)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + BASE + relativePath);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource under {@link #BASE} as a JSON tree. */
    static JsonNode resourceTree(String relativePath) {
        try {
            return JSON.readTree(resource(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a resource exists under {@link #BASE}. */
    static boolean exists(String relativePath) {
        return Schemas.class.getClassLoader().getResource(BASE + relativePath) != null;
    }
}
