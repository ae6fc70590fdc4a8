package io.apiguard.enforcement.rules;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code enforcement_rule} table over the reactive pool (plain SQL: every statement is one round trip and needs no
 * session, which suits the Kafka consumer and the expiry timer as much as the REST resource).
 */
@ApplicationScoped
public class RuleRepository {

    private static final String COLUMNS = "id, subject, credential_fingerprint, client_cidr, api_id, method, "
            + "path_template, payload_signature, action, rate_per_second, reason, detection_id, created_by, created_at, "
            + "updated_at, expires_at, mode, state, rate_key";

    private final Pool pool;

    RuleRepository(Pool pool) {
        this.pool = pool;
    }

    /** Active rules that have not expired at {@code now}, by id. */
    public Uni<List<EnforcementRule>> activeAt(Instant now) {
        return pool.preparedQuery("select " + COLUMNS + " from enforcement_rule where state = 'active' "
                        + "and (expires_at is null or expires_at > $1) order by id")
                .execute(Tuple.of(utc(now)))
                .map(rows -> map(rows).stream().map(StoredRule::rule).toList());
    }

    /** Rules in {@code state} (null: all), newest first, at most {@code limit}. */
    public Uni<List<StoredRule>> list(RuleState state, int limit) {
        String where = state == null ? "" : " where state = $2";
        Tuple parameters = state == null ? Tuple.of(limit) : Tuple.of(limit, state.wire());
        return pool.preparedQuery("select " + COLUMNS + " from enforcement_rule" + where
                        + " order by created_at desc, id limit $1")
                .execute(parameters)
                .map(RuleRepository::map);
    }

    public Uni<StoredRule> find(String id) {
        return pool.preparedQuery("select " + COLUMNS + " from enforcement_rule where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : map(rows).get(0));
    }

    /** Active rules made from detection {@code detectionId}. */
    public Uni<List<StoredRule>> activeOfDetection(String detectionId) {
        return pool.preparedQuery("select " + COLUMNS + " from enforcement_rule where detection_id = $1 "
                        + "and state = 'active'")
                .execute(Tuple.of(detectionId))
                .map(RuleRepository::map);
    }

    /** Inserts or replaces {@code rule}, active again. */
    public Uni<Void> save(EnforcementRule rule, Instant now) {
        return save(pool, rule, now);
    }

    static Uni<Void> save(SqlClient client, EnforcementRule rule, Instant now) {
        EnforcementRule.Match match = rule.match();
        Tuple values = Tuple.tuple()
                .addString(rule.id())
                .addString(match.subject())
                .addString(match.credentialFingerprint())
                .addString(match.clientCidr())
                .addString(match.apiId())
                .addString(match.method())
                .addString(match.pathTemplate())
                .addString(match.payloadSignature())
                .addString(rule.action().wire())
                .addInteger(rule.ratePerSecond())
                .addString(rule.reason())
                .addString(rule.detectionId())
                .addString(rule.createdBy())
                .addOffsetDateTime(utc(rule.createdAt()))
                .addOffsetDateTime(utc(now))
                .addOffsetDateTime(utc(rule.expiresAt()))
                .addString(rule.mode().wire())
                .addString(rule.rateKey() == null ? null : rule.rateKey().wire());
        return client.preparedQuery(
                        "insert into enforcement_rule (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, "
                                + "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'active', $18) on conflict (id) do update set "
                                + "subject = excluded.subject, credential_fingerprint = excluded.credential_fingerprint, "
                                + "client_cidr = excluded.client_cidr, api_id = excluded.api_id, method = excluded.method, "
                                + "path_template = excluded.path_template, payload_signature = excluded.payload_signature, "
                                + "action = excluded.action, rate_per_second = excluded.rate_per_second, "
                                + "reason = excluded.reason, detection_id = excluded.detection_id, "
                                + "created_by = excluded.created_by, created_at = excluded.created_at, "
                                + "updated_at = excluded.updated_at, expires_at = excluded.expires_at, mode = excluded.mode, "
                                + "state = 'active', rate_key = excluded.rate_key")
                .execute(values)
                .replaceWithVoid();
    }

    /** Moves an active rule to {@code state}; the rule as it was, or null when it was not active. */
    public Uni<StoredRule> retire(String id, RuleState state, Instant now) {
        return pool.preparedQuery("update enforcement_rule set state = $2, updated_at = $3 where id = $1 "
                        + "and state = 'active' returning " + COLUMNS)
                .execute(Tuple.of(id, state.wire(), utc(now)))
                .map(rows -> rows.size() == 0 ? null : map(rows).get(0));
    }

    /** Expires every active rule whose time has come; returns them. */
    public Uni<List<StoredRule>> expireDue(Instant now) {
        return pool.preparedQuery("update enforcement_rule set state = 'expired', updated_at = $1 "
                        + "where state = 'active' and expires_at <= $1 returning " + COLUMNS)
                .execute(Tuple.of(utc(now)))
                .map(RuleRepository::map);
    }

    /** Number of active rules. */
    public Uni<Long> countActive() {
        return pool.query("select count(*) from enforcement_rule where state = 'active'")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static List<StoredRule> map(RowSet<Row> rows) {
        List<StoredRule> rules = new ArrayList<>(rows.size());
        for (Row row : rows) {
            EnforcementRule rule = new EnforcementRule(
                    row.getString("id"),
                    new EnforcementRule.Match(
                            row.getString("subject"),
                            row.getString("credential_fingerprint"),
                            row.getString("client_cidr"),
                            row.getString("api_id"),
                            row.getString("method"),
                            row.getString("path_template"),
                            row.getString("payload_signature")),
                    action(row.getString("action")),
                    row.getInteger("rate_per_second"),
                    row.getString("reason"),
                    row.getString("detection_id"),
                    row.getString("created_by"),
                    instant(row.getOffsetDateTime("created_at")),
                    instant(row.getOffsetDateTime("expires_at")),
                    mode(row.getString("mode")),
                    rateKey(row.getString("rate_key")));
            rules.add(new StoredRule(
                    rule, RuleState.of(row.getString("state")), instant(row.getOffsetDateTime("updated_at"))));
        }
        return rules;
    }

    static RuleAction action(String wire) {
        for (RuleAction action : RuleAction.values()) {
            if (action.wire().equals(wire)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action " + wire);
    }

    /** The stored rate key; null (a rule stored before the column, or per caller) stays null. */
    static RateKey rateKey(String wire) {
        if (wire == null) {
            return null;
        }
        for (RateKey key : RateKey.values()) {
            if (key.wire().equals(wire)) {
                return key;
            }
        }
        throw new IllegalArgumentException("unknown rate key " + wire);
    }

    static RuleMode mode(String wire) {
        for (RuleMode mode : RuleMode.values()) {
            if (mode.wire().equals(wire)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode " + wire);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
