package io.apiguard.posture.findings;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.json.StoredJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code finding} and {@code suppression} tables, on the reactive pool. Findings are written in batches; a row
 * already written by a later change ({@code version} higher) is left alone, since writes may complete out of order.
 */
@ApplicationScoped
public class FindingRepository {

    private static final String UPSERT = """
            INSERT INTO finding (id, rule_id, api_id, namespace, severity, state, owasp_category, nist_csf, document,
                first_seen, last_seen, changed_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO UPDATE SET namespace = EXCLUDED.namespace, severity = EXCLUDED.severity,
                state = EXCLUDED.state, document = EXCLUDED.document, first_seen = EXCLUDED.first_seen,
                last_seen = EXCLUDED.last_seen, changed_at = EXCLUDED.changed_at, version = EXCLUDED.version
            WHERE finding.version <= EXCLUDED.version""";
    private static final String INSERT_SUPPRESSION = """
            INSERT INTO suppression (id, rule_id, scope, scope_value, created_by, reason, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    private final Pool pool;
    private final ObjectMapper objectMapper;

    FindingRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /** Writes every finding in one batch; a no-op for an empty list. */
    public Uni<Void> upsertAll(List<Finding> findings) {
        if (findings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            rows.add(Tuple.from(Arrays.asList(
                    finding.id(),
                    finding.ruleId(),
                    finding.apiId(),
                    finding.namespace(),
                    finding.severity().wire(),
                    finding.state().wire(),
                    finding.owaspCategory(),
                    finding.nistCsf(),
                    toJson(finding),
                    finding.firstSeen().atOffset(ZoneOffset.UTC),
                    finding.lastSeen().atOffset(ZoneOffset.UTC),
                    finding.changedAt().atOffset(ZoneOffset.UTC),
                    finding.version())));
        }
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /** Every finding, to load at start. */
    public Uni<List<Finding>> loadAll() {
        return pool.query("SELECT document FROM finding").execute().map(rows -> {
            List<Finding> findings = new ArrayList<>();
            for (Row row : rows) {
                findings.add(fromJson(row.getString("document")));
            }
            return findings;
        });
    }

    /**
     * Stores a new suppression in a transaction that commits only once {@code beforeCommit} (the action's audit
     * record) completed; when it fails, the row is rolled back and the returned {@link Uni} fails with its failure.
     */
    public Uni<Void> insert(Suppression suppression, Supplier<Uni<Void>> beforeCommit) {
        return pool.withTransaction(connection -> connection
                .preparedQuery(INSERT_SUPPRESSION)
                .execute(Tuple.from(Arrays.asList(
                        suppression.id(),
                        suppression.ruleId(),
                        suppression.scope().wire(),
                        suppression.scopeValue(),
                        suppression.by(),
                        suppression.reason(),
                        suppression.createdAt().atOffset(ZoneOffset.UTC))))
                .chain(inserted -> beforeCommit.get()));
    }

    /**
     * Deletes a suppression in a transaction that commits only once {@code beforeCommit} (the action's audit record)
     * completed; when it fails, the row is kept. The row lock makes concurrent deletions of one suppression wait for
     * each other, so only the first one runs {@code beforeCommit}.
     *
     * @return false, without calling {@code beforeCommit}, when there was no such row
     */
    public Uni<Boolean> deleteSuppression(String id, Supplier<Uni<Void>> beforeCommit) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM suppression WHERE id = $1")
                .execute(Tuple.of(id))
                .chain(deleted -> deleted.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : beforeCommit.get().replaceWith(true)));
    }

    /** Every suppression, to load at start. */
    public Uni<List<Suppression>> loadSuppressions() {
        return pool.query("SELECT id, rule_id, scope, scope_value, created_by, reason, created_at FROM suppression")
                .execute()
                .map(rows -> {
                    List<Suppression> suppressions = new ArrayList<>();
                    for (Row row : rows) {
                        suppressions.add(new Suppression(
                                row.getString("id"),
                                row.getString("rule_id"),
                                Suppression.Scope.of(row.getString("scope")),
                                row.getString("scope_value"),
                                row.getString("created_by"),
                                row.getString("reason"),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    return suppressions;
                });
    }

    private String toJson(Finding finding) {
        return StoredJson.write(objectMapper, finding, "finding " + finding.id());
    }

    private Finding fromJson(String document) {
        return StoredJson.read(objectMapper, document, Finding.class, "finding document");
    }
}
