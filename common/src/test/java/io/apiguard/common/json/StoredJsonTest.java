package io.apiguard.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class StoredJsonTest {

    record Document(String id, Instant at) {}

    /** A value Jackson cannot write: its getter throws. */
    static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    private final ObjectMapper mapper = EventJson.mapper();

    @Test
    void aValueWrittenIsReadBackEqual() {
        // Given
        Document document = new Document("d-1", Instant.parse("2026-11-22T10:15:30Z"));

        // When
        String json = StoredJson.write(mapper, document, "document d-1");

        // Then
        assertThat(json).isEqualTo("{\"id\":\"d-1\",\"at\":\"2026-11-22T10:15:30Z\"}");
        assertThat(StoredJson.read(mapper, json, Document.class, "document")).isEqualTo(document);
    }

    @Test
    void aValueThatCannotBeWrittenIsADefectNamingIt() {
        assertThatThrownBy(() -> StoredJson.write(mapper, new Unwritable(), "the unwritable value"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot write the unwritable value as JSON: ")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aDocumentThatDoesNotReadIsADefectNamingIt() {
        assertThatThrownBy(() -> StoredJson.read(mapper, "{\"id\":", Document.class, "api_endpoint document"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("unreadable api_endpoint document: ")
                .hasCauseInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> StoredJson.read(mapper, "[1]", Document.class, "api_endpoint document"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("unreadable api_endpoint document: ");
    }
}
