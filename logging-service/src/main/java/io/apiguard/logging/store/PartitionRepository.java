package io.apiguard.logging.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The day partitions of {@code api_calls} ({@code api_calls_pYYYYMMDD}, one per UTC day, and the default partition
 * for rows of a day without one), over the small JDBC pool Flyway uses: DDL does not belong on the reactive pool, and
 * this runs off the event loop anyway.
 */
@ApplicationScoped
public class PartitionRepository {

    private static final Logger LOGGER = Logger.getLogger(PartitionRepository.class);
    private static final String PREFIX = "api_calls_p";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final DataSource dataSource;

    PartitionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the partition of {@code day} if missing; a past day whose rows sit in the default partition is left. */
    public void create(LocalDate day) throws SQLException {
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        String sql = "CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF api_calls FOR VALUES FROM ('" + from
                + "') TO ('" + from.plusDays(1) + "')";
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                // The default partition already holds rows of that day: they stay there, found by every query all the
                // same.
                LOGGER.warnf("Partition for %s not created: %s", day, e.getMessage());
            }
        }
    }

    /** Every day partition there is. */
    public List<DayPartition> all() throws SQLException {
        List<DayPartition> partitions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT child.relname FROM pg_inherits
                        JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                        JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                        WHERE parent.relname = 'api_calls' AND child.relname LIKE 'api\\_calls\\_p%'""")) {
            while (rows.next()) {
                String name = rows.getString(1);
                partitions.add(new DayPartition(name, LocalDate.parse(name.substring(PREFIX.length()), DAY)));
            }
        }
        return partitions;
    }

    /** Drops {@code partition} with its rows: their space is free at once, no dead rows are left to vacuum. */
    public void drop(DayPartition partition) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + partition.name());
        }
    }

    /** Deletes the rows of the default partition older than {@code day}; answers how many there were. */
    public int deleteDefaultRowsBefore(LocalDate day) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate("DELETE FROM api_calls_default WHERE ts < '"
                    + day.atStartOfDay().atOffset(ZoneOffset.UTC) + "'");
        }
    }

    private static String name(LocalDate day) {
        return PREFIX + DAY.format(day);
    }

    /**
     * One day partition.
     *
     * @param name its table
     * @param day  the UTC day its rows belong to
     */
    public record DayPartition(String name, LocalDate day) {}
}
