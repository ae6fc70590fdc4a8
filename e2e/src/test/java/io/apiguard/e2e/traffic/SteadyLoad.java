package io.apiguard.e2e.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Steady background traffic through the sidecar while a fault happens: honest people, each on their own few accounts,
 * at a fixed rate. It keeps every answer, so a test can say afterwards how many calls were forwarded (served 200) and
 * find each of them, by trace id, in the audit trail.
 *
 * <p>Thread-safety: calls are sent from one scheduler thread and answered on the HTTP client's threads; the answers
 * are collected in a concurrent queue and read only after {@link #stop()}.
 */
public final class SteadyLoad implements AutoCloseable {

    private final List<Caller> people;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "apiguard-e2e-load");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<CompletableFuture<Caller.Answer>> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();

    private SteadyLoad(List<Caller> people) {
        this.people = List.copyOf(people);
    }

    /** Starts {@code callsPerSecond} calls a second, round robin over {@code people}. */
    public static SteadyLoad start(List<Caller> people, int callsPerSecond) {
        SteadyLoad load = new SteadyLoad(people);
        long periodMicros = 1_000_000L / callsPerSecond;
        load.scheduler.scheduleAtFixedRate(load::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
        return load;
    }

    private void sendOne() {
        long n = sent.getAndIncrement();
        int person = (int) (n % people.size());
        Caller caller = people.get(person);
        // each person on their own three accounts, alternating the account and its statements
        String path = "/accounts/" + (1_000 + person * 10 + n / people.size() % 3) + (n % 2 == 0 ? "" : "/statements");
        calls.add(caller.send(path));
    }

    /** Calls sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Stops sending and waits for every answer. */
    public Result stop() {
        scheduler.shutdownNow();
        List<Caller.Answer> answers = new ArrayList<>();
        for (CompletableFuture<Caller.Answer> call : calls) {
            answers.add(call.join());
        }
        return new Result(answers);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Every answer of a load run. */
    public record Result(List<Caller.Answer> answers) {

        /** The trace ids of the calls the sidecar forwarded and the demo API served. */
        public Set<String> forwarded() {
            return answers.stream()
                    .filter(Caller.Answer::served)
                    .map(Caller.Answer::traceId)
                    .collect(Collectors.toSet());
        }

        /** How many calls got each status (-1: no answer). */
        public Map<Integer, Long> statuses() {
            return answers.stream()
                    .collect(Collectors.groupingBy(Caller.Answer::status, TreeMap::new, Collectors.counting()));
        }

        public int total() {
            return answers.size();
        }
    }
}
