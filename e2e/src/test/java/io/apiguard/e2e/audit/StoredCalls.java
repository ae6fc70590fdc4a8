package io.apiguard.e2e.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.apiguard.testing.postgres.PostgresEndpoint;

/**
 * What logging-service stored, read straight from its audit table: the one place that says whether a forwarded call
 * was kept exactly once (its API pages and redacts, which is right for operators and wrong for counting).
 */
public final class StoredCalls {

    private static final String BY_TRACE = """
            SELECT record::jsonb #>> '{call,traceId}' AS trace_id, count(*) AS copies
            FROM api_calls
            WHERE record::jsonb #>> '{call,traceId}' = ANY (?)
            GROUP BY 1
            """;

    private final PostgresEndpoint endpoint;
    private final String database;

    public StoredCalls(PostgresEndpoint endpoint, String database) {
        this.endpoint = endpoint;
        this.database = database;
    }

    /** How many rows carry each of {@code traceIds}; a trace id missing from the map was not stored. */
    public Map<String, Integer> copies(Collection<String> traceIds) {
        Map<String, Integer> copies = new HashMap<>();
        try (Connection connection =
                        DriverManager.getConnection(endpoint.jdbcUrl(database), endpoint.user(), endpoint.password());
                PreparedStatement statement = connection.prepareStatement(BY_TRACE)) {
            statement.setArray(1, connection.createArrayOf("text", traceIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    copies.put(rows.getString(1), rows.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the audit table could not be read", e);
        }
        return copies;
    }

    /** Forwarded against stored: lost and duplicated calls. */
    public Tally tally(Collection<String> forwarded) {
        Map<String, Integer> copies = copies(forwarded);
        long stored = copies.size();
        long duplicated = copies.values().stream().filter(count -> count > 1).count();
        return new Tally(forwarded.size(), stored, forwarded.size() - stored, duplicated);
    }

    /**
     * @param forwarded  calls the sidecar forwarded (answered 200)
     * @param stored     of those, how many are in the audit trail
     * @param lost       forwarded but not stored
     * @param duplicated stored more than once
     */
    public record Tally(long forwarded, long stored, long lost, long duplicated) {

        @Override
        public String toString() {
            return "forwarded " + forwarded + ", stored " + stored + ", lost " + lost + ", duplicated " + duplicated;
        }
    }
}
