package io.apiguard.logging.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.logging.store.PageCursor;
import io.apiguard.support.edge.QueryParameters;
import io.quarkiverse.resteasy.problem.HttpProblem;

class QueryParametersTest {

    @Test
    void aWireValueIsOneOfItsSpellingsTrimmedAndAnyOtherIsRefusedListingThem() {
        assertThat(QueryParameters.wire("decision", " blocked ", DecisionOutcome.values()))
                .isEqualTo("blocked");
        assertThat(QueryParameters.wire("decision", " ", DecisionOutcome.values()))
                .isNull();
        assertThat(QueryParameters.wire("decision", null, DecisionOutcome.values()))
                .isNull();
        assertThatThrownBy(() -> QueryParameters.wire("decision", " Blocked", DecisionOutcome.values()))
                .isInstanceOfSatisfying(
                        HttpProblem.class,
                        problem -> assertThat(problem.getDetail())
                                .isEqualTo("decision must be one of [allowed, blocked, monitored], not ' Blocked'"));
    }

    @Test
    void aCursorThisApiDidNotReturnIsRefusedQuotingItAbbreviated() {
        String longCursor = "x".repeat(70);
        assertThatThrownBy(() -> QueryParameters.cursor(" bm90LWEtY3Vyc29y ", PageCursor::decode))
                .isInstanceOfSatisfying(
                        HttpProblem.class,
                        problem -> assertThat(problem.getDetail())
                                .isEqualTo("cursor is not a cursor this API returned: bm90LWEtY3Vyc29y"));
        assertThatThrownBy(() -> QueryParameters.cursor(longCursor, PageCursor::decode))
                .isInstanceOfSatisfying(
                        HttpProblem.class,
                        problem -> assertThat(problem.getDetail())
                                .isEqualTo("cursor is not a cursor this API returned: " + "x".repeat(64) + "..."));
    }
}
