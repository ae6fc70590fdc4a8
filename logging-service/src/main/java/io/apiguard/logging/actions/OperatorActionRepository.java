package io.apiguard.logging.actions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.json.StoredJson;
import io.apiguard.logging.store.PageCursor;
import io.apiguard.logging.store.SearchConditions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes and reads {@code operator_actions}: one row per action id, so a redelivered action is stored once
 * ({@code ON CONFLICT DO NOTHING}). Reads page newest first with a keyset cursor, the (occurred_at, id) of a page's
 * last row as stored, so actions arriving meanwhile neither repeat nor shift pages.
 */
@ApplicationScoped
public class OperatorActionRepository {

    private static final String INSERT = """
            INSERT INTO operator_actions (id, occurred_at, service, actor, action, target_type, target_id, event)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING""";

    private final Pool pool;
    private final ObjectMapper mapper = EventJson.mapper();

    OperatorActionRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Keeps {@code action}, with {@code published} (its JSON as it came off the topic) as the record: a field a newer
     * producer added survives in the trail even before this reader knows it. Emits true when the action was new.
     */
    public Uni<Boolean> store(OperatorAction action, String published) {
        Tuple row = Tuple.tuple(List.of(
                action.id(),
                action.occurredAt().atOffset(ZoneOffset.UTC),
                action.service(),
                action.actor(),
                action.action().wire(),
                action.targetType(),
                action.targetId(),
                published));
        return pool.preparedQuery(INSERT).execute(row).map(rows -> rows.rowCount() == 1);
    }

    /** One page of the actions matching {@code filter}, newest first, after {@code after} (null: the first page). */
    public Uni<Page> search(Filter filter, PageCursor after, int limit) {
        SearchConditions where = new SearchConditions()
                .and("actor =", filter.actor())
                .and("service =", filter.service())
                .and("action =", filter.action())
                .and("target_type =", filter.targetType())
                .and("target_id =", filter.targetId())
                .and("occurred_at >=", filter.from())
                .and("occurred_at <", filter.to())
                .before("occurred_at", "id", after);
        // one more than asked: whether it comes back says if there is a next page
        String limitParameter = where.bind(limit + 1);
        String sql = "SELECT id, occurred_at, event FROM operator_actions" + where.where()
                + " ORDER BY occurred_at DESC, id DESC LIMIT " + limitParameter;
        return pool.preparedQuery(sql).execute(where.parameters()).map(rows -> page(rows, limit));
    }

    private Page page(RowSet<Row> rows, int limit) {
        List<OperatorAction> items = new ArrayList<>(Math.min(rows.size(), limit));
        Row last = null;
        for (Row row : rows) {
            if (items.size() == limit) {
                // a row beyond the page: there is a next one, starting after the page's last row
                return new Page(
                        items,
                        new PageCursor(last.getOffsetDateTime("occurred_at").toInstant(), last.getUUID("id")).encode());
            }
            items.add(parse(row.getString("event")));
            last = row;
        }
        return new Page(items, null);
    }

    private OperatorAction parse(String json) {
        return StoredJson.read(mapper, json, OperatorAction.class, "stored operator action");
    }

    /**
     * What to search for; null fields match anything.
     *
     * @param action the action kind's wire value, e.g. {@code rule-created}
     * @param from   inclusive
     * @param to     exclusive
     */
    public record Filter(
            String actor,
            String service,
            String action,
            String targetType,
            String targetId,
            Instant from,
            Instant to) {}

    /** A page and the cursor of the next one, null on the last page. */
    public record Page(List<OperatorAction> items, String nextCursor) {}
}
