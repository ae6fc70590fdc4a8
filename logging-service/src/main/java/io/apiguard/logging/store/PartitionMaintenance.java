package io.apiguard.logging.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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
 * instead of leaving dead rows to vacuum ({@link PartitionRepository}).
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOGGER = Logger.getLogger(PartitionMaintenance.class);

    private final PartitionRepository partitions;
    private final LoggingConfig.Retention retention;
    private final Clock clock;

    PartitionMaintenance(PartitionRepository partitions, LoggingConfig config) {
        this.partitions = partitions;
        this.retention = config.retention();
        this.clock = Clock.systemUTC();
    }

    /** Before anything is ingested, so today's calls never land in the default partition. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) throws SQLException {
        maintain(LocalDate.now(clock));
    }

    @Scheduled(
            every = "${apiguard.logging.retention.check-every:1h}",
            delayed = "${apiguard.logging.retention.check-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() throws SQLException {
        maintain(LocalDate.now(clock));
    }

    /** Creates the partitions from {@code today} on and drops those past retention; returns the dropped ones. */
    public synchronized List<String> maintain(LocalDate today) throws SQLException {
        for (int ahead = 0; ahead <= retention.partitionsAhead(); ahead++) {
            partitions.create(today.plusDays(ahead));
        }
        LocalDate oldestKept = today.minusDays(retention.days() - 1L);
        List<String> dropped = new ArrayList<>();
        for (PartitionRepository.DayPartition partition : partitions.all()) {
            if (partition.day().isBefore(oldestKept)) {
                partitions.drop(partition);
                dropped.add(partition.name());
            }
        }
        int late = partitions.deleteDefaultRowsBefore(oldestKept);
        if (!dropped.isEmpty() || late > 0) {
            LOGGER.infof(
                    "Retention of %d days: dropped partitions %s and %d late rows", retention.days(), dropped, late);
        }
        return dropped;
    }

    /** Creates the partition of {@code day} if missing; a past day whose rows sit in the default partition is left. */
    public void create(LocalDate day) throws SQLException {
        partitions.create(day);
    }
}
