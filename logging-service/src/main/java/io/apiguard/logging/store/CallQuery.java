package io.apiguard.logging.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

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
    public Uni<Page> search(Filter filter, Cursor after, int limit) {
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
            parameters.add(CallStore.utc(after.timestamp()));
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
            return new Page(List.copyOf(page), new Cursor(last.call().timestamp(), last.call().id()).encode());
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

    /** Where a page ends; opaque to clients (base64url of the timestamp and id). */
    public record Cursor(Instant timestamp, UUID id) {

        String encode() {
            String plain = timestamp + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor {@code encoded} stands for; IllegalArgumentException when it is not one of ours. */
        public static Cursor decode(String encoded) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
                int bar = plain.indexOf('|');
                return new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not a cursor this API returned: " + encoded, e);
            }
        }
    }
}
