package io.apiguard.discovery.spec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code api_spec} table: one document per API, written on the reactive pool after the API's own row (the row
 * must exist; deleting the API deletes its document).
 */
@ApplicationScoped
public class ApiSpecRepository {

    private static final String UPSERT = """
            INSERT INTO api_spec (api_id, reference, document, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (api_id) DO UPDATE SET reference = EXCLUDED.reference, document = EXCLUDED.document,
                updated_at = EXCLUDED.updated_at""";
    private static final String DELETE = "DELETE FROM api_spec WHERE api_id = $1";
    private static final String FIND = "SELECT reference, document FROM api_spec WHERE api_id = $1";

    private final Pool pool;

    ApiSpecRepository(Pool pool) {
        this.pool = pool;
    }

    /** A stored document and where it came from. */
    public record StoredSpec(String reference, String document) {}

    /** Stores or removes (document null) each document; a no-op for an empty list. */
    public Uni<Void> saveAll(List<SpecDocument> documents, Instant now) {
        List<Tuple> upserts = new ArrayList<>();
        List<Tuple> deletes = new ArrayList<>();
        for (SpecDocument document : documents) {
            if (document.document() == null) {
                deletes.add(Tuple.of(document.apiId()));
            } else {
                upserts.add(Tuple.of(
                        document.apiId(), document.reference(), document.document(), now.atOffset(ZoneOffset.UTC)));
            }
        }
        Uni<Void> written = upserts.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery(UPSERT).executeBatch(upserts).replaceWithVoid();
        return deletes.isEmpty()
                ? written
                : written.chain(
                        () -> pool.preparedQuery(DELETE).executeBatch(deletes).replaceWithVoid());
    }

    /** The document of {@code apiId}, or null. */
    public Uni<StoredSpec> find(String apiId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(apiId)).map(ApiSpecRepository::first);
    }

    private static StoredSpec first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return null;
        }
        Row row = iterator.next();
        return new StoredSpec(row.getString("reference"), row.getString("document"));
    }
}
