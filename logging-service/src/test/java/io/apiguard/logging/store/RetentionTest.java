package io.apiguard.logging.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.postgres.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Retention drops whole day partitions past the configured days and keeps the partitions ahead in place. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class RetentionTest {

    @Inject
    PartitionMaintenance maintenance;

    @Test
    void partitionsPastRetentionAreDroppedAndTheDaysAheadExist() throws Exception {
        // Given: 30 days of retention (the default); a partition 40 days old with a row, and a late row 50 days old
        TestDatabase database = PostgresResource.database();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate old = today.minusDays(40);
        maintenance.create(old);
        String oldPartition = "api_calls_p" + old.toString().replace("-", "");
        database.execute(insert(
                "11111111-1111-4111-8111-111111111111", old.atStartOfDay().plusHours(3) + "Z"));
        database.execute(insert(
                "22222222-2222-4222-8222-222222222222", today.minusDays(50).atStartOfDay() + "Z"));
        database.execute(insert(
                "33333333-3333-4333-8333-333333333333", today.minusDays(29).atStartOfDay() + "Z"));

        // When
        var dropped = maintenance.maintain(today);

        // Then
        assertThat(dropped).contains(oldPartition);
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + oldPartition + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM api_calls WHERE id IN ('11111111-1111-4111-8111-111111111111', "
                        + "'22222222-2222-4222-8222-222222222222')"))
                .isZero();
        assertThat(count("SELECT count(*) FROM api_calls WHERE id = '33333333-3333-4333-8333-333333333333'"))
                .isEqualTo(1);
        for (int ahead = 0; ahead <= 2; ahead++) {
            String partition = "api_calls_p" + today.plusDays(ahead).toString().replace("-", "");
            assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + partition + "'"))
                    .isEqualTo(1);
        }
    }

    private static long count(String sql) {
        return Long.parseLong(PostgresResource.database().queryForString(sql));
    }

    private static String insert(String id, String timestamp) {
        return "INSERT INTO api_calls (id, ts, principal_type, individual, method, status, decision, object_keys, record)"
                + " VALUES ('" + id + "', '" + timestamp + "', 'anonymous', false, 'GET', 200, 'allowed', '{}', '{}')";
    }
}
