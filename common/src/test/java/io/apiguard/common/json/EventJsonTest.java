package io.apiguard.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The settings the event mapper promises; the golden tests in {@code events} show them on every event. */
class EventJsonTest {

    record Sample(Instant at, String optional, List<String> items) {}

    @Test
    void instantsAreIsoStringsAndNullFieldsAreLeftOut() throws Exception {
        // Given
        Sample sample = new Sample(Instant.parse("2026-11-22T10:15:30.123Z"), null, List.of());

        // When
        String json = EventJson.mapper().writeValueAsString(sample);

        // Then
        assertThat(json).isEqualTo("{\"at\":\"2026-11-22T10:15:30.123Z\",\"items\":[]}");
    }

    @Test
    void unknownPropertiesAreIgnoredOnRead() throws Exception {
        // Given
        String newer = "{\"at\":\"2026-11-22T10:15:30Z\",\"optional\":\"x\",\"items\":[],\"addedLater\":{\"a\":1}}";

        // When
        Sample read = EventJson.mapper().readValue(newer, Sample.class);

        // Then
        assertThat(read).isEqualTo(new Sample(Instant.parse("2026-11-22T10:15:30Z"), "x", List.of()));
    }

    @Test
    void configuringAnotherMapperGivesItTheSameSettings() throws Exception {
        // Given: as a Quarkus ObjectMapperCustomizer would
        ObjectMapper configured = EventJson.configure(new ObjectMapper());
        Sample sample = new Sample(Instant.parse("2026-11-22T10:15:30.123Z"), null, List.of("a"));

        // When / Then
        assertThat(configured.writeValueAsString(sample))
                .isEqualTo(EventJson.mapper().writeValueAsString(sample));
        assertThat(EventJson.newMapper()).isNotSameAs(EventJson.mapper());
    }
}
