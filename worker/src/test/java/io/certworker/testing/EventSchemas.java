package io.certworker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The contracts module's JSON Schemas, as shipped in its jar, to check what the worker writes. */
public final class EventSchemas {
    public static final String ISSUED = "certificate-issued.schema.json";
    public static final String FAILED = "certificate-failed.schema.json";
    public static final String REQUEST = "certificate-request.schema.json";
    public static final String DATABASE_USER = "database-user.schema.json";
    public static final String REQUEST_STATE = "request-state.schema.json";

    private static final String ID_PREFIX = "https://certworker.io/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX,
                            "classpath:io/certworker/contracts/schemas/")));

    private EventSchemas() {
    }

    /** The schema violations of the JSON bytes; empty when the document is valid. */
    public static List<String> violations(String schemaFile, byte[] json) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + schemaFile));
        try {
            JsonNode document = JsonMapper.builder().build().readTree(json);
            return schema.validate(document).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
