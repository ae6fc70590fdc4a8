package io.apiguard.logging.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Tuple;

class SearchConditionsTest {

    @Test
    void withoutFiltersEveryRowMatchesAndNothingIsBound() {
        SearchConditions conditions =
                new SearchConditions().and("subject =", null).before("at", "id", null);

        assertThat(conditions.where()).isEqualTo(" WHERE true");
        assertThat(conditions.parameters().size()).isZero();
    }

    @Test
    void eachGivenFilterIsAConditionWithItsValueBoundNeverSpliced() {
        // When
        SearchConditions conditions = new SearchConditions()
                .and("subject =", "alice'; drop table calls; --")
                .and("api_id =", null)
                .and("status >=", 400);

        // Then
        assertThat(conditions.where()).isEqualTo(" WHERE true AND subject = $1 AND status >= $2");
        Tuple parameters = conditions.parameters();
        assertThat(parameters.getValue(0)).isEqualTo("alice'; drop table calls; --");
        assertThat(parameters.getValue(1)).isEqualTo(400);
    }

    @Test
    void instantsAreBoundAsUtcTimestampsAndTheKeysetFollowsTheFilters() {
        // Given
        Instant at = Instant.parse("2026-11-22T10:15:30Z");
        UUID id = UUID.randomUUID();

        // When
        SearchConditions conditions =
                new SearchConditions().and("at >=", at.minusSeconds(60)).before("at", "id", new PageCursor(at, id));

        // Then
        assertThat(conditions.where()).isEqualTo(" WHERE true AND at >= $1 AND (at, id) < ($2, $3)");
        assertThat(conditions.parameters().getValue(0))
                .isEqualTo(OffsetDateTime.of(2026, 11, 22, 10, 14, 30, 0, ZoneOffset.UTC));
        assertThat(conditions.parameters().getValue(1)).isEqualTo(at.atOffset(ZoneOffset.UTC));
        assertThat(conditions.parameters().getValue(2)).isEqualTo(id);
    }

    @Test
    void aConditionOfAnotherShapeBindsItsOwnValues() {
        SearchConditions conditions = new SearchConditions();
        String placeholder = conditions.bind("accounts/1044");

        conditions.and("object_keys @> array[" + placeholder + "]");

        assertThat(conditions.where()).isEqualTo(" WHERE true AND object_keys @> array[$1]");
        assertThat(conditions.parameters().getValue(0)).isEqualTo("accounts/1044");
    }
}
