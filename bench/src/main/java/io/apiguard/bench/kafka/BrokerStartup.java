package io.apiguard.bench.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.apiguard.testing.kafka.EmbeddedKafkaBroker;

/**
 * Starts and stops the embedded broker {@code --runs N} times (fresh data directory each time, as in tests) and
 * prints the time from {@code start()} until the broker answered an admin request. The first run includes class
 * loading, as in a test JVM; the rest show the warm figure.
 */
public final class BrokerStartup {

    private BrokerStartup() {}

    public static void main(String[] args) {
        int runs = args.length == 2 && "--runs".equals(args[0]) ? Integer.parseInt(args[1]) : 5;
        List<Long> millis = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.ephemeral())) {
                millis.add(broker.startMillis());
                System.out.printf("run %d: ready in %d ms%n", run, broker.startMillis());
            }
        }
        List<Long> warm = new ArrayList<>(millis.subList(Math.min(1, millis.size()), millis.size()));
        Collections.sort(warm);
        System.out.printf("broker start: first (cold JVM) %d ms", millis.get(0));
        if (!warm.isEmpty()) {
            System.out.printf(
                    ", warm min %d ms, median %d ms, max %d ms",
                    warm.get(0), warm.get(warm.size() / 2), warm.get(warm.size() - 1));
        }
        System.out.println();
    }
}
