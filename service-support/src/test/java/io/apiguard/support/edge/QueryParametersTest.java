package io.apiguard.support.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.DecisionOutcome;
import io.quarkiverse.resteasy.problem.HttpProblem;

class QueryParametersTest {

    @Test
    void absentAndBlankAreAlikeAndTextIsTrimmed() {
        assertThat(QueryParameters.text(null)).isNull();
        assertThat(QueryParameters.text("  ")).isNull();
        assertThat(QueryParameters.text(" default ")).isEqualTo("default");
    }

    @Test
    void anInstantIsIsoAndAnythingElseIsA400NamingTheParameter() {
        assertThat(QueryParameters.instant("from", " 2026-11-22T10:15:30Z "))
                .isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(QueryParameters.instant("from", "")).isNull();
        assertThatThrownBy(() -> QueryParameters.instant("to", "yesterday"))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.getStatusCode()).isEqualTo(400);
                    assertThat(problem.getTitle()).isEqualTo(QueryParameters.TITLE);
                    assertThat(problem.getDetail())
                            .isEqualTo("to must be an ISO-8601 instant such as 2026-11-22T10:15:30Z, not 'yesterday'");
                });
    }

    @Test
    void aLimitIsTheDefaultWhenAbsentAndWithinItsRangeOrA400() {
        assertThat(QueryParameters.limit(null, 100, 1000)).isEqualTo(100);
        assertThat(QueryParameters.limit(" 1 ", 100, 1000)).isEqualTo(1);
        assertThat(QueryParameters.limit("1000", 100, 1000)).isEqualTo(1000);
        for (String bad : new String[] {"0", "1001", "ten", "99999999999"}) {
            assertThatThrownBy(() -> QueryParameters.limit(bad, 100, 1000))
                    .isInstanceOfSatisfying(
                            HttpProblem.class,
                            problem -> assertThat(problem.getDetail())
                                    .isEqualTo("limit must be within 1..1000, not '" + bad + "'"));
        }
    }

    @Test
    void aWireValueMatchesExactlyAndAFilterInAnyCase() {
        assertThat(QueryParameters.wire("decision", " blocked", DecisionOutcome.values()))
                .isEqualTo("blocked");
        assertThatThrownBy(() -> QueryParameters.wire("decision", "Blocked", DecisionOutcome.values()))
                .isInstanceOfSatisfying(
                        HttpProblem.class,
                        problem -> assertThat(problem.getTitle()).isEqualTo(QueryParameters.TITLE));

        assertThat(QueryParameters.filter("state", " Shadow ", ApiState.values()))
                .isEqualTo(ApiState.SHADOW);
        assertThat(QueryParameters.filter("state", null, ApiState.values())).isNull();
        assertThatThrownBy(() -> QueryParameters.filter("state", "sleeping", ApiState.values()))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.getTitle()).isEqualTo(QueryParameters.FILTER_TITLE);
                    assertThat(problem.getDetail())
                            .isEqualTo("state must be one of [declared, active, shadow, zombie], not 'sleeping'");
                });
    }

    @Test
    void aCursorIsWhatItsDecoderReadsAndARefusedOneIsA400QuotingItAbbreviated() {
        UUID id = UUID.randomUUID();
        assertThat(QueryParameters.cursor(" " + id + " ", UUID::fromString)).isEqualTo(id);
        assertThat(QueryParameters.cursor(" ", UUID::fromString)).isNull();
        assertThatThrownBy(() -> QueryParameters.cursor("y".repeat(80), text -> {
                    throw new IllegalArgumentException("cursor is not one this API returned");
                }))
                .isInstanceOfSatisfying(
                        HttpProblem.class,
                        problem -> assertThat(problem.getDetail())
                                .isEqualTo("cursor is not one this API returned: " + "y".repeat(64) + "..."));
    }

    @Test
    void anyOtherRefusalIsA400WithTheSameTitle() {
        HttpProblem problem = QueryParameters.badRequest("from must lie before to");
        assertThat(problem.getStatusCode()).isEqualTo(400);
        assertThat(problem.getTitle()).isEqualTo(QueryParameters.TITLE);
        assertThat(problem.getDetail()).isEqualTo("from must lie before to");
        assertThat(QueryParameters.abbreviated("short")).isEqualTo("short");
    }
}
