package io.apiguard.enforcement.ruleset;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code rule_set_version} table and its sequence over the reactive pool: every version of the active rule set
 * with its content hash, numbered by the database so versions stay monotonic across restarts and replicas.
 */
@ApplicationScoped
public class RuleSetVersionRepository {

    private final Pool pool;

    RuleSetVersionRepository(Pool pool) {
        this.pool = pool;
    }

    /** The last version recorded, or null when none was (a fresh database). */
    public Uni<RecordedVersion> latest() {
        return pool.query("select version, hash from rule_set_version order by version desc limit 1")
                .execute()
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new RecordedVersion(row.getLong("version"), row.getString("hash"));
                });
    }

    /** The next version number; never handed out twice, whoever asks. */
    public Uni<Long> next() {
        return pool.query("select nextval('rule_set_version_seq')")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Records that {@code version}, of content {@code hash} with {@code ruleCount} rules, was made at {@code at}. */
    public Uni<Void> record(long version, String hash, int ruleCount, Instant at) {
        return pool.preparedQuery("insert into rule_set_version (version, hash, rule_count, created_at) "
                        + "values ($1, $2, $3, $4)")
                .execute(Tuple.of(version, hash, ruleCount, at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * A version as recorded.
     *
     * @param version its number
     * @param hash    its content hash ({@link io.apiguard.common.rules.RuleSetHash})
     */
    public record RecordedVersion(long version, String hash) {}
}
