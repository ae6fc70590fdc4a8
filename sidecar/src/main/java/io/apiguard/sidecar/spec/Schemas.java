package io.apiguard.sidecar.spec;

import java.util.function.Consumer;

import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema 2020-12 validator (networknt json-schema-validator) as the positive model uses it: schemas compiled
 * eagerly (a broken one fails when the rule set is installed, not on a call), nothing fetched from anywhere (the
 * producer inlined every {@code $ref}; one left pointing elsewhere fails to compile rather than make the sidecar a
 * fetcher of URLs a spec names), instance locations as JSON pointers, and every evaluation bounded in steps and depth
 * so a hostile body cannot make a check run long. The validator reads Jackson 3 trees; the rule set's schemas are
 * Jackson 2 trees and are carried over once, at compile time.
 *
 * <p>Thread-safe: a compiled {@link Schema} validates on any number of threads at once.
 */
final class Schemas {

    /** A body's evaluation steps before it is refused as too costly to check. */
    static final long MAX_EVALUATION_STEPS = 200_000;
    /** A body's nesting in schema evaluation before it is refused as too deep to check. */
    static final int MAX_EVALUATION_DEPTH = 128;

    /** Parses bodies: a key given twice is malformed (the API might read the other one than the sidecar checked). */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ExecutionConfig READ = ExecutionConfig.builder()
            .maxEvaluationSteps(MAX_EVALUATION_STEPS)
            .maxEvaluationDepth(MAX_EVALUATION_DEPTH)
            .build();
    /** A write must not carry {@code readOnly} properties (OpenAPI's {@code id}, {@code createdAt}, ...). */
    private static final ExecutionConfig WRITE =
            ExecutionConfig.builder(READ).readOnly(true).build();

    static final Consumer<ExecutionContext> FOR_READS = context -> context.setExecutionConfig(READ);
    static final Consumer<ExecutionContext> FOR_WRITES = context -> context.setExecutionConfig(WRITE);

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaCacheEnabled(false)
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .preloadSchema(true)
                            .build()));

    private Schemas() {}

    /**
     * Compiles a rule set's (Jackson 2) schema.
     *
     * @throws RuntimeException when it does not compile (the caller leaves its operation unchecked)
     */
    static Schema compile(com.fasterxml.jackson.databind.JsonNode schema) {
        return compile(JSON.readTree(schema.toString()));
    }

    /** Compiles a schema already read as a Jackson 3 tree. */
    static Schema compile(JsonNode schema) {
        Schema compiled = REGISTRY.getSchema(schema);
        compiled.initializeValidators();
        return compiled;
    }

    /** The rule set's (Jackson 2) schema as a Jackson 3 tree. */
    static JsonNode tree(com.fasterxml.jackson.databind.JsonNode schema) {
        return JSON.readTree(schema.toString());
    }
}
