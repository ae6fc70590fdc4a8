package io.apiguard.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings of apiguard events: one {@code ObjectMapper} for code outside Quarkus (tools, benchmarks, the
 * golden tests) and {@link #configure(ObjectMapper)} for a mapper someone else built.
 *
 * <p>The settings, and what a Quarkus app's own {@code ObjectMapper} must match:
 * <ul>
 * <li>{@code java.time} support ({@link JavaTimeModule}) with instants written as ISO-8601 strings
 * ({@code "2026-11-22T10:15:30.123Z"}), never as numeric timestamps. Must match; Quarkus's default
 * ({@code quarkus.jackson.write-dates-as-timestamps=false}) does.</li>
 * <li>Unknown properties ignored on read ({@code FAIL_ON_UNKNOWN_PROPERTIES} off), so a producer can add a field
 * before its consumers know it. Must match; Quarkus's default
 * ({@code quarkus.jackson.fail-on-unknown-properties=false}) does.</li>
 * <li>Null fields left out on write ({@link JsonInclude.Include#NON_NULL}). Need not match: readers treat a missing
 * field and a null one alike (the golden tests check both forms), so Quarkus's default of writing nulls is valid on
 * the wire. The events have many optional fields ({@code EnforcementRule.Match} has seven, mostly unset) and
 * {@code apiguard.calls} is the highest-volume topic, so leaving nulls out is worth it; an app gets the same with
 * {@code quarkus.jackson.serialization-inclusion=non-null} or by calling {@link #configure(ObjectMapper)} from an
 * {@code ObjectMapperCustomizer}.</li>
 * </ul>
 * Events hold {@code Instant}s only, always UTC on the wire, so the mapper's time zone does not matter.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = newMapper();

    private EventJson() {}

    /** A new mapper with the event settings, to customise further. */
    public static ObjectMapper newMapper() {
        return configure(JsonMapper.builder().build());
    }

    /**
     * Applies the event settings to {@code mapper} and returns it. Call it before the mapper is first used: Jackson
     * does not promise that reconfiguring a mapper in use is seen by other threads. In a Quarkus app this also
     * changes REST responses (nulls left out), which apiguard's problem+json and status bodies are fine with.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A shared mapper with the event settings; thread-safe, do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
