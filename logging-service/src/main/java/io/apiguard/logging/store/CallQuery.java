package io.apiguard.logging.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.NormalizedCall;
import io.smallrye.mutiny.Uni;

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
        SearchConditions where = new SearchConditions()
                .and("subject =", filter.subject())
                .and("service_account =", filter.serviceAccount())
                .and("api_id =", filter.apiId())
                .and("client_ip =", filter.clientIp())
                .and("decision =", filter.decision());
        if (filter.objectKey() != null) {
            where.and("object_keys @> " + where.bind(new String[] { filter.objectKey() }) + "::text[]");
        }
        if (filter.statusClass() != null) {
            int low = filter.statusClass() * 100;
            where.and("status >=", (short) low).and("status <", (short) (low + 100));
        }
        where.and("ts >=", filter.from()).and("ts <", filter.to()).before("ts", "id", after);
        // one more than asked: whether it comes back says if there is a next page
        String limitParameter = where.bind(limit + 1);
        String sql = "SELECT record FROM api_calls" + where.where() + " ORDER BY ts DESC, id DESC LIMIT "
                + limitParameter;
        return store.select(sql, where.parameters()).map(calls -> {
            if (calls.size() <= limit) {
                return new Page(calls, null);
            }
            List<NormalizedCall> page = calls.subList(0, limit);
            NormalizedCall last = page.get(limit - 1);
            return new Page(List.copyOf(page), new PageCursor(last.call().timestamp(), last.call().id()).encode());
        });
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
