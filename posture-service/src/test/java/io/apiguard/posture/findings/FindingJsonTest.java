package io.apiguard.posture.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.PostureFinding;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;

/** What a restart reads back from the {@code finding} table is what was written, and the event keeps the wire format. */
class FindingJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final ObjectMapper mapper = EventJson.newMapper();

    @Test
    void anAcknowledgedFindingSurvivesTheStoredDocument() throws Exception {
        Finding finding = new Finding(
                Finding.idOf("APIG-TLS-001", "api-1"),
                "APIG-TLS-001",
                "api-1",
                "shop",
                Severity.CRITICAL,
                FindingState.ACKNOWLEDGED,
                "External host served without TLS",
                "plain HTTP",
                "API8:2023",
                "PR.DS-02",
                Map.of("host", "shop.example"),
                T0,
                T0.plusSeconds(5),
                T0.plusSeconds(3),
                new Finding.Acknowledgement("sam@ops", "certificate ordered", T0.plusSeconds(3), T0.plusSeconds(600)),
                null,
                42);

        Finding read = mapper.readValue(mapper.writeValueAsString(finding), Finding.class);

        assertThat(read).isEqualTo(finding);
        assertThat(mapper.writeValueAsString(finding))
                .doesNotContain("\"live\"")
                .contains("\"state\":\"acknowledged\"");
    }

    @Test
    void theEventCarriesTheWireValuesOfCommon() throws Exception {
        Finding finding = new Finding(
                "fnd-1",
                "APIG-BOLA-001",
                "api-1",
                null,
                Severity.HIGH,
                FindingState.OPEN,
                "Sequential numeric object ids",
                "12 ids",
                "API1:2023",
                "PR.AA-05",
                Map.of(),
                T0,
                T0,
                T0,
                null,
                null,
                1);

        String json = mapper.writeValueAsString(finding.toEvent());

        assertThat(json).contains("\"severity\":\"high\"", "\"state\":\"open\"", "\"owaspCategory\":\"API1:2023\"");
        assertThat(mapper.readValue(json, PostureFinding.class)).isEqualTo(finding.toEvent());
        assertThat(Finding.idOf("APIG-BOLA-001", "api-1"))
                .isEqualTo(Finding.idOf("APIG-BOLA-001", "api-1"))
                .startsWith("fnd-")
                .hasSize(20);
    }
}
