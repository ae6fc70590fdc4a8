package io.apiguard.logging.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.apiguard.logging.LoggingConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps one partition of {@code api_calls} per UTC day: creates today's and the next few ahead (before the app takes
 * calls, then on a schedule), and drops the partitions of days past retention, which frees their space at once
 * instead of leaving dead rows to vacuum. Runs over the small JDBC pool Flyway uses, off the event loop.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOGGER = Logger.getLogger(PartitionMaintenance.class);
    private static final String PREFIX = "api_calls_p";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final DataSource dataSource;
    private final LoggingConfig.Retention retention;
    private final Clock clock;

    PartitionMaintenance(DataSource dataSource, LoggingConfig config) {
        this.dataSource = dataSource;
        this.retention = config.retention();
        this.clock = Clock.systemUTC();
    }

    /** Before anything is ingested, so today's calls never land in the default partition. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) throws SQLException {
        maintain(LocalDate.now(clock));
    }

    @Scheduled(every = "${apiguard.logging.retention.check-every:1h}", delayed = "${apiguard.logging.retention.check-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() throws SQLException {
        maintain(LocalDate.now(clock));
    }

    /** Creates the partitions from {@code today} on and drops those past retention; returns the dropped ones. */
    public synchronized List<String> maintain(LocalDate today) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (int ahead = 0; ahead <= retention.partitionsAhead(); ahead++) {
                create(statement, today.plusDays(ahead));
            }
            LocalDate oldestKept = today.minusDays(retention.days() - 1L);
            List<String> dropped = new ArrayList<>();
            for (String partition : partitions(statement)) {
                LocalDate day = LocalDate.parse(partition.substring(PREFIX.length()), DAY);
                if (day.isBefore(oldestKept)) {
                    statement.execute("DROP TABLE " + partition);
                    dropped.add(partition);
                }
            }
            int late = statement.executeUpdate("DELETE FROM api_calls_default WHERE ts < '"
                    + oldestKept.atStartOfDay().atOffset(ZoneOffset.UTC) + "'");
            if (!dropped.isEmpty() || late > 0) {
                LOGGER.infof("Retention of %d days: dropped partitions %s and %d late rows", retention.days(),
                        dropped, late);
            }
            return dropped;
        }
    }

    /** Creates the partition of {@code day} if missing; a past day whose rows sit in the default partition is left. */
    public void create(LocalDate day) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            create(statement, day);
        }
    }

    private static void create(Statement statement, LocalDate day) {
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        String sql = "CREATE TABLE IF NOT EXISTS " + PREFIX + DAY.format(day) + " PARTITION OF api_calls FOR VALUES FROM ('"
                + from + "') TO ('" + from.plusDays(1) + "')";
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            // The default partition already holds rows of that day: they stay there, found by every query all the same.
            LOGGER.warnf("Partition for %s not created: %s", day, e.getMessage());
        }
    }

    private static List<String> partitions(Statement statement) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT child.relname FROM pg_inherits
                JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                WHERE parent.relname = 'api_calls' AND child.relname LIKE 'api\\_calls\\_p%'""")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
