package io.apiguard.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings of apiguard events, for code outside Quarkus (tools, benchmarks, the golden tests). Quarkus apps
 * use Quarkus's {@code ObjectMapper}, whose defaults already match on the two that matter for compatibility: times as
 * ISO-8601 strings and unknown properties ignored, so an event can gain fields without breaking older readers. Null
 * fields are left out here, which Quarkus apps get with {@code quarkus.jackson.serialization-inclusion=non-null};
 * readers treat a missing field and a null one alike, so either form is valid on the wire.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = newMapper();

    private EventJson() {
    }

    /** A new mapper with the event settings, to customise further. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** A shared mapper with the event settings; thread-safe, do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
