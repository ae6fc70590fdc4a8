package io.apiguard.logging.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.json.StoredJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes and reads {@code api_calls}. A batch is one statement: the columns travel as arrays and are unnested on the
 * server, which costs one round trip whatever the batch size and lets PostgreSQL skip duplicates
 * ({@code ON CONFLICT DO NOTHING}) and say which rows were new ({@code RETURNING}); the same statement notes every new
 * call in {@code api_calls_unpublished} as owed to the stream, cleared once the broker acknowledged it. The full
 * normalized call is kept as JSON text beside the columns the queries filter on. Searches page newest first with a
 * keyset cursor: the (timestamp, id) of the last call of a page, so every page is one index range scan however deep
 * the caller pages, and calls arriving meanwhile neither repeat nor shift pages.
 */
@ApplicationScoped
public class CallRepository {

    /** Separates object keys inside one text cell; cannot occur in a path segment. */
    static final char OBJECT_KEY_SEPARATOR = '\u001f';

    /**
     * Stores the new calls of a batch and, in the same statement, notes each one as owed to the stream; answers the ids
     * that were new. A call stored before (a resend) is neither stored again nor noted again.
     */
    static final String INSERT = """
            WITH inserted AS (
                INSERT INTO api_calls (id, ts, subject, service_account, principal_type, individual, api_id, host,
                                       method, path_template, status, client_ip, decision, object_keys, record,
                                       data_classes)
                SELECT id, ts, subject, service_account, principal_type, individual, api_id, host, method,
                       path_template, status, client_ip, decision,
                       CASE WHEN object_keys = '' THEN '{}'::text[] ELSE string_to_array(object_keys, E'\\x1f') END,
                       record,
                       CASE WHEN data_classes = '' THEN '{}'::text[] ELSE string_to_array(data_classes, ',') END
                FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[],
                            $8::text[], $9::text[], $10::text[], $11::int2[], $12::text[], $13::text[], $14::text[],
                            $15::text[], $16::text[])
                     AS batch(id, ts, subject, service_account, principal_type, individual, api_id, host, method,
                              path_template, status, client_ip, decision, object_keys, record, data_classes)
                ON CONFLICT (ts, id) DO NOTHING
                RETURNING ts, id
            ), owed AS (
                INSERT INTO api_calls_unpublished (ts, id) SELECT ts, id FROM inserted
            )
            SELECT id FROM inserted
            """;

    /** Clears the notes of calls the broker acknowledged. */
    static final String PUBLISHED = """
            DELETE FROM api_calls_unpublished u USING unnest($1::timestamptz[], $2::uuid[]) AS done(ts, id)
            WHERE u.ts = done.ts AND u.id = done.id""";

    /**
     * The oldest notes queued before a time, locked for this sweep (another replica's sweep skips them), with the call
     * they stand for; a null record means the call is gone (retention dropped its day) and the note is stale.
     */
    static final String OWED = """
            SELECT u.ts, u.id, c.record FROM api_calls_unpublished u
            LEFT JOIN api_calls c ON c.ts = u.ts AND c.id = u.id
            WHERE u.queued_at < $1 ORDER BY u.queued_at LIMIT $2
            FOR UPDATE OF u SKIP LOCKED""";

    private final Pool pool;
    private final ObjectMapper mapper = EventJson.mapper();

    CallRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the calls not stored before; emits the ids of those that were new. */
    public Uni<Set<UUID>> insert(List<NormalizedCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int size = calls.size();
        UUID[] ids = new UUID[size];
        OffsetDateTime[] timestamps = new OffsetDateTime[size];
        String[] subjects = new String[size];
        String[] serviceAccounts = new String[size];
        String[] principalTypes = new String[size];
        Boolean[] individual = new Boolean[size];
        String[] apiIds = new String[size];
        String[] hosts = new String[size];
        String[] methods = new String[size];
        String[] templates = new String[size];
        Short[] statuses = new Short[size];
        String[] clientIps = new String[size];
        String[] decisions = new String[size];
        String[] objectKeys = new String[size];
        String[] records = new String[size];
        String[] dataClasses = new String[size];
        for (int i = 0; i < size; i++) {
            NormalizedCall normalized = calls.get(i);
            ApiCallRecord call = normalized.call();
            ids[i] = call.id();
            timestamps[i] = call.timestamp().atOffset(ZoneOffset.UTC);
            subjects[i] = call.identity().subject();
            serviceAccounts[i] = call.identity().serviceAccount();
            principalTypes[i] = call.identity().principalType().wire();
            individual[i] = call.identity().isIndividual();
            apiIds[i] = call.api().apiId();
            hosts[i] = call.api().host();
            methods[i] = call.api().method();
            templates[i] = call.api().pathTemplate();
            statuses[i] = (short) call.status();
            clientIps[i] = call.source() == null ? null : call.source().clientIp();
            decisions[i] = call.decision().outcome().wire();
            objectKeys[i] = objectKeys(call.objects());
            records[i] = json(normalized);
            dataClasses[i] = dataClasses(call.dataClasses());
        }
        Tuple arrays = Tuple.tuple(List.of(
                ids,
                timestamps,
                subjects,
                serviceAccounts,
                principalTypes,
                individual,
                apiIds,
                hosts,
                methods,
                templates,
                statuses,
                clientIps,
                decisions,
                objectKeys,
                records,
                dataClasses));
        return pool.preparedQuery(INSERT).execute(arrays).map(rows -> {
            Set<UUID> inserted = new HashSet<>(rows.size() * 2);
            for (Row row : rows) {
                inserted.add(row.getUUID(0));
            }
            return inserted;
        });
    }

    /** Clears the notes that {@code calls} are owed to the stream, once the broker acknowledged them. */
    public Uni<Void> published(List<NormalizedCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(PUBLISHED).execute(keys(calls)).replaceWithVoid();
    }

    /**
     * Settles up to {@code limit} calls owed to the stream since before {@code queuedBefore}: hands them to
     * {@code publish}, which answers those the broker acknowledged, and clears their notes (and stale ones) in the same
     * transaction; the notes of the others stay for the next sweep. The notes are locked meanwhile, so two replicas
     * never publish the same call. Emits how many calls were published.
     */
    public Uni<Integer> settleOwed(
            Instant queuedBefore, int limit, Function<List<NormalizedCall>, Uni<List<NormalizedCall>>> publish) {
        return pool.withTransaction(connection -> connection
                .preparedQuery(OWED)
                .execute(Tuple.of(utc(queuedBefore), limit))
                .chain(rows -> {
                    List<NormalizedCall> owed = new ArrayList<>(rows.size());
                    List<OffsetDateTime> clearTimestamps = new ArrayList<>();
                    List<UUID> clearIds = new ArrayList<>();
                    for (Row row : rows) {
                        String record = row.getString("record");
                        if (record != null) {
                            owed.add(parse(record));
                        } else {
                            clearTimestamps.add(row.getOffsetDateTime("ts"));
                            clearIds.add(row.getUUID("id"));
                        }
                    }
                    return publish.apply(owed).chain(acknowledged -> {
                        for (NormalizedCall call : acknowledged) {
                            clearTimestamps.add(utc(call.call().timestamp()));
                            clearIds.add(call.call().id());
                        }
                        if (clearIds.isEmpty()) {
                            return Uni.createFrom().item(0);
                        }
                        return connection
                                .preparedQuery(PUBLISHED)
                                .execute(Tuple.of(
                                        clearTimestamps.toArray(new OffsetDateTime[0]), clearIds.toArray(new UUID[0])))
                                .replaceWith(acknowledged.size());
                    });
                }));
    }

    private static Tuple keys(List<NormalizedCall> calls) {
        OffsetDateTime[] timestamps = new OffsetDateTime[calls.size()];
        UUID[] ids = new UUID[calls.size()];
        for (int i = 0; i < ids.length; i++) {
            timestamps[i] = utc(calls.get(i).call().timestamp());
            ids[i] = calls.get(i).call().id();
        }
        return Tuple.of(timestamps, ids);
    }

    /** One page of calls matching {@code filter}, newest first, after {@code after} (null: the first page). */
    public Uni<Page> search(Filter filter, PageCursor after, int limit) {
        SearchConditions where = new SearchConditions()
                .and("subject =", filter.subject())
                .and("service_account =", filter.serviceAccount())
                .and("api_id =", filter.apiId())
                .and("client_ip =", filter.clientIp())
                .and("decision =", filter.decision());
        if (filter.objectKey() != null) {
            where.and("object_keys @> " + where.bind(new String[] {filter.objectKey()}) + "::text[]");
        }
        if (filter.dataClass() != null) {
            where.and("data_classes @> " + where.bind(new String[] {filter.dataClass()}) + "::text[]");
        }
        if (filter.statusClass() != null) {
            int low = filter.statusClass() * 100;
            where.and("status >=", (short) low).and("status <", (short) (low + 100));
        }
        where.and("ts >=", filter.from()).and("ts <", filter.to()).before("ts", "id", after);
        // one more than asked: whether it comes back says if there is a next page
        String limitParameter = where.bind(limit + 1);
        String sql =
                "SELECT record FROM api_calls" + where.where() + " ORDER BY ts DESC, id DESC LIMIT " + limitParameter;
        return pool.preparedQuery(sql).execute(where.parameters()).map(rows -> {
            List<NormalizedCall> calls = new ArrayList<>(rows.size());
            for (Row row : rows) {
                calls.add(parse(row.getString("record")));
            }
            if (calls.size() <= limit) {
                return new Page(calls, null);
            }
            List<NormalizedCall> page = calls.subList(0, limit);
            NormalizedCall last = page.get(limit - 1);
            return new Page(
                    List.copyOf(page),
                    new PageCursor(last.call().timestamp(), last.call().id()).encode());
        });
    }

    /** The key an object is stored and searched under: {@code type/id}. */
    public static String objectKey(ApiCallRecord.ObjectRef object) {
        return object.resourceType() + '/' + object.objectId();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String objectKeys(List<ApiCallRecord.ObjectRef> objects) {
        if (objects.isEmpty()) {
            return "";
        }
        StringBuilder keys = new StringBuilder();
        for (ApiCallRecord.ObjectRef object : objects) {
            if (keys.length() > 0) {
                keys.append(OBJECT_KEY_SEPARATOR);
            }
            keys.append(objectKey(object));
        }
        return keys.toString();
    }

    /** The data classes as one cell for {@code string_to_array(.., ',')}; a value with a comma is no class of ours. */
    private static String dataClasses(List<String> dataClasses) {
        if (dataClasses.isEmpty()) {
            return "";
        }
        StringBuilder cell = new StringBuilder();
        for (String dataClass : dataClasses) {
            if (dataClass.isEmpty() || dataClass.indexOf(',') >= 0) {
                continue;
            }
            if (cell.length() > 0) {
                cell.append(',');
            }
            cell.append(dataClass);
        }
        return cell.toString();
    }

    private String json(NormalizedCall call) {
        return StoredJson.write(mapper, call, "normalized call " + call.call().id());
    }

    private NormalizedCall parse(String json) {
        return StoredJson.read(mapper, json, NormalizedCall.class, "stored call");
    }

    /**
     * What to search for; null fields match anything.
     *
     * @param statusClass 1 to 5 for 1xx to 5xx
     * @param objectKey   {@code type/id}, e.g. {@code accounts/1044}
     * @param from        inclusive
     * @param to          exclusive
     * @param dataClass   a data class's wire value, e.g. {@code card-number}: calls whose response carried it
     */
    public record Filter(
            String subject,
            String serviceAccount,
            String apiId,
            String objectKey,
            String clientIp,
            Integer statusClass,
            String decision,
            Instant from,
            Instant to,
            String dataClass) {}

    /** A page and the cursor of the next one, null on the last page. */
    public record Page(List<NormalizedCall> items, String nextCursor) {}
}
