package io.apiguard.logging.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The WHERE clause of a search over an append-only trail: a condition only for each filter given, every value bound
 * as a numbered parameter ({@code $1, $2 ...}), never spliced into the SQL, and the keyset of newest-first paging.
 * Instants are bound as UTC timestamps. Not thread-safe: one per query.
 */
public final class SearchConditions {

    private final StringBuilder sql = new StringBuilder(" WHERE true");
    private final List<Object> parameters = new ArrayList<>();

    /** Adds {@code AND <comparison> $n} when {@code value} is not null, e.g. {@code and("subject =", subject)}. */
    public SearchConditions and(String comparison, Object value) {
        if (value != null) {
            and(comparison + " " + bind(value));
        }
        return this;
    }

    /** Adds a condition of another shape, its values bound with {@link #bind}. */
    public SearchConditions and(String condition) {
        sql.append(" AND ").append(condition);
        return this;
    }

    /**
     * Adds the keyset condition of a newest-first page: rows strictly before {@code after} in (time, id) order;
     * nothing for the first page ({@code after} null).
     */
    public SearchConditions before(String timeColumn, String idColumn, PageCursor after) {
        if (after != null) {
            String at = bind(after.at());
            and("(" + timeColumn + ", " + idColumn + ") < (" + at + ", " + bind(after.id()) + ")");
        }
        return this;
    }

    /** Binds {@code value} as the next parameter and returns its placeholder. */
    public String bind(Object value) {
        parameters.add(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        return "$" + parameters.size();
    }

    /** The clause, starting with a space. */
    public String where() {
        return sql.toString();
    }

    /** The values of every placeholder bound so far, in order. */
    public Tuple parameters() {
        return Tuple.tuple(parameters);
    }
}
