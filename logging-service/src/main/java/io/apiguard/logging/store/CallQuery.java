package io.apiguard.logging.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.NormalizedCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Searches the audit trail newest first with keyset paging: the cursor is the (timestamp, id) of the last call of a
 * page, so every page is one index range scan however deep the caller pages, and calls arriving meanwhile neither
 * repeat nor shift pages.
 */
@ApplicationScoped
public class CallQuery {

    private final CallStore store;

    CallQuery(CallStore store) {
        this.store = store;
    }

    /** One page of calls matching {@code filter}. */
    public Uni<Page> search(Filter filter, PageCursor after, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        condition(where, parameters, "subject = ", filter.subject());
        condition(where, parameters, "service_account = ", filter.serviceAccount());
        condition(where, parameters, "api_id = ", filter.apiId());
        condition(where, parameters, "client_ip = ", filter.clientIp());
        condition(where, parameters, "decision = ", filter.decision());
        if (filter.objectKey() != null) {
            parameters.add(new String[] { filter.objectKey() });
            where.append(" AND object_keys @> $").append(parameters.size()).append("::text[]");
        }
        if (filter.statusClass() != null) {
            int low = filter.statusClass() * 100;
            parameters.add((short) low);
            where.append(" AND status >= $").append(parameters.size());
            parameters.add((short) (low + 100));
            where.append(" AND status < $").append(parameters.size());
        }
        if (filter.from() != null) {
            parameters.add(CallStore.utc(filter.from()));
            where.append(" AND ts >= $").append(parameters.size());
        }
        if (filter.to() != null) {
            parameters.add(CallStore.utc(filter.to()));
            where.append(" AND ts < $").append(parameters.size());
        }
        if (after != null) {
            parameters.add(CallStore.utc(after.at()));
            int ts = parameters.size();
            parameters.add(after.id());
            where.append(" AND (ts, id) < ($").append(ts).append(", $").append(parameters.size()).append(')');
        }
        parameters.add(limit + 1);
        String sql = "SELECT record FROM api_calls" + where + " ORDER BY ts DESC, id DESC LIMIT $" + parameters.size();
        return store.select(sql, Tuple.tuple(parameters)).map(calls -> {
            if (calls.size() <= limit) {
                return new Page(calls, null);
            }
            List<NormalizedCall> page = calls.subList(0, limit);
            NormalizedCall last = page.get(limit - 1);
            return new Page(List.copyOf(page), new PageCursor(last.call().timestamp(), last.call().id()).encode());
        });
    }

    private static void condition(StringBuilder where, List<Object> parameters, String column, String value) {
        if (value != null) {
            parameters.add(value);
            where.append(" AND ").append(column).append('$').append(parameters.size());
        }
    }

    /**
     * What to search for; null fields match anything.
     *
     * @param statusClass 1 to 5 for 1xx to 5xx
     * @param objectKey   {@code type/id}, e.g. {@code accounts/1044}
     * @param from        inclusive
     * @param to          exclusive
     */
    public record Filter(String subject, String serviceAccount, String apiId, String objectKey, String clientIp,
            Integer statusClass, String decision, Instant from, Instant to) {
    }

    /** A page and the cursor of the next one, null on the last page. */
    public record Page(List<NormalizedCall> items, String nextCursor) {
    }
}
