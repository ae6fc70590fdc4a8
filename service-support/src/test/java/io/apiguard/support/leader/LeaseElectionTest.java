package io.apiguard.support.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Two (or more) candidates on one Lease, on Fabric8's Kubernetes test server in CRUD mode: its Leases are stored and
 * versioned like the API server's, so a stale update is refused and only one candidate can hold the lease.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseElectionTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NAMESPACE = "apiguard";
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);
    /** Short timings for the tests that are not about the production bound. */
    private static final Duration SHORT_LEASE = Duration.ofSeconds(3);

    private static final Duration SHORT_RENEW = Duration.ofSeconds(2);
    private static final Duration SHORT_RETRY = Duration.ofMillis(300);

    private final List<LeaseElection> elections = new ArrayList<>();
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        elections.forEach(LeaseElection::stop);
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }

    @Test
    void ofTwoCandidatesExactlyOneLeadsAndTheLeaseNamesIt() {
        // Given
        String lease = lease();
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        LeaseElection a = candidate(lease, "pod-a", SHORT_LEASE, SHORT_RENEW, SHORT_RETRY, false, first);
        LeaseElection b = candidate(lease, "pod-b", SHORT_LEASE, SHORT_RENEW, SHORT_RETRY, false, second);

        // When
        a.start();
        b.start();

        // Then
        await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader() || b.isLeader());
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> a.isLeader() ^ b.isLeader());
        LeaseElection leader = a.isLeader() ? a : b;
        assertThat(holderOf(lease)).isEqualTo(leader.settings().identity());
        assertThat(first.events).hasSize(a.isLeader() ? 1 : 0);
        assertThat(second.events).hasSize(b.isLeader() ? 1 : 0);
    }

    @Test
    void aKilledLeaderIsReplacedWithinFifteenSecondsWithTheDefaultTimings() {
        // Given two candidates with the defaults of LeaderConfig, and a leader that does not release (a killed pod)
        String lease = lease();
        Duration leaseDuration = Duration.ofSeconds(10);
        Duration renewDeadline = Duration.ofSeconds(8);
        Duration retryPeriod = Duration.ofMillis(1500);
        LeaseElection a = candidate(lease, "pod-a", leaseDuration, renewDeadline, retryPeriod, false, new Recorder());
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        LeaseElection b = candidate(lease, "pod-b", leaseDuration, renewDeadline, retryPeriod, false, new Recorder());
        b.start();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> a.isLeader() && !b.isLeader());

        // When the leader stops renewing
        long killed = System.nanoTime();
        a.stop();

        // Then it stops at once, and the other leads within the bound
        assertThat(a.isLeader()).isFalse();
        await().atMost(FAILOVER_BOUND.plusSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(b::isLeader);
        Duration failover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
                "Leader failover after a killed leader: %d ms (bound %d ms)%n",
                failover.toMillis(), FAILOVER_BOUND.toMillis());
        assertThat(failover).isLessThan(FAILOVER_BOUND);
        assertThat(holderOf(lease)).isEqualTo("pod-b");
    }

    @Test
    void aLeaderThatShutsDownReleasesTheLeaseSoTheOtherTakesOverAtOnce() {
        // Given
        String lease = lease();
        LeaseElection a = candidate(
                lease,
                "pod-a",
                Duration.ofSeconds(10),
                Duration.ofSeconds(8),
                Duration.ofMillis(500),
                true,
                new Recorder());
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        LeaseElection b = candidate(
                lease,
                "pod-b",
                Duration.ofSeconds(10),
                Duration.ofSeconds(8),
                Duration.ofMillis(500),
                true,
                new Recorder());
        b.start();

        // When
        long stopped = System.nanoTime();
        a.stop();

        // Then well before the lease would have run out
        await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        System.out.printf("Leader handover after a release: %d ms%n", (System.nanoTime() - stopped) / 1_000_000);
    }

    @Test
    void gatedWorkRunsOnlyOnTheLeaderAndMovesWithTheLease() {
        // Given work that every replica schedules and only the leader does
        String lease = lease();
        LeaseElection a = candidate(lease, "pod-a", SHORT_LEASE, SHORT_RENEW, SHORT_RETRY, false, new Recorder());
        LeaseElection b = candidate(lease, "pod-b", SHORT_LEASE, SHORT_RENEW, SHORT_RETRY, false, new Recorder());
        AtomicInteger doneByA = gatedWork(a);
        AtomicInteger doneByB = gatedWork(b);
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        b.start();

        // When
        await().atMost(Duration.ofSeconds(5)).until(() -> doneByA.get() > 5);

        // Then the follower did nothing
        assertThat(doneByB).hasValue(0);

        // When the leader dies
        a.stop();
        int byAWhenKilled = doneByA.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> doneByB.get() > 5);

        // Then the work moved
        assertThat(doneByA.get()).isEqualTo(byAWhenKilled);
    }

    @Test
    void aLeaderThatLosesTheLeaseStopsAndCompetesAgain() {
        // Given
        String lease = lease();
        Recorder recorder = new Recorder();
        LeaseElection a = candidate(lease, "pod-a", SHORT_LEASE, SHORT_RENEW, SHORT_RETRY, false, recorder);
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);

        // When another holder overwrites the lease (a partition, or a clock far off) and then stops renewing it
        client.leases().inNamespace(NAMESPACE).withName(lease).edit(taken -> {
            taken.getSpec().setHolderIdentity("intruder");
            taken.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return taken;
        });

        // Then it stops leading, and leads again once the intruder's lease ran out: it kept competing
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isLeader());
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        assertThat(recorder.events).containsExactly(true, false, true);
        assertThat(holderOf(lease)).isEqualTo("pod-a");
    }

    @Test
    void theTestServerRefusesAStaleLeaseUpdateAsTheApiServerDoes() {
        // Given a lease read by two candidates
        String lease = lease();
        client.leases()
                .inNamespace(NAMESPACE)
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName(lease)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity("pod-a")
                        .endSpec()
                        .build())
                .create();
        Lease readByA = client.leases().inNamespace(NAMESPACE).withName(lease).get();
        Lease readByB = client.leases().inNamespace(NAMESPACE).withName(lease).get();

        // When one updates it
        readByA.getSpec().setHolderIdentity("pod-a");
        readByA.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
        client.leases().inNamespace(NAMESPACE).resource(readByA).update();

        // Then the other's update from the older version is refused, as a replace and as the JSON merge patch that
        // Fabric8's lease lock sends: the election's guarantee rests on this
        readByB.getSpec().setHolderIdentity("pod-b");
        assertThatThrownBy(() ->
                        client.leases().inNamespace(NAMESPACE).resource(readByB).update())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThatThrownBy(() -> client.leases()
                        .inNamespace(NAMESPACE)
                        .resource(readByB)
                        .patch(PatchContext.of(PatchType.JSON_MERGE)))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(holderOf(lease)).isEqualTo("pod-a");
    }

    @Test
    void timingsThatWouldLetTwoLeadAreRefused() {
        assertThatThrownBy(
                        () -> settings("pod-a", Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("renew deadline");
        assertThatThrownBy(
                        () -> settings("pod-a", Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry period");
        assertThatThrownBy(() -> settings("pod-a", Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> settings(" ", Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity");
    }

    private AtomicInteger gatedWork(LeaseElection election) {
        AtomicInteger done = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        scheduler.scheduleAtFixedRate(
                () -> {
                    if (election.isLeader()) {
                        done.incrementAndGet();
                    }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
        return done;
    }

    private LeaseElection candidate(
            String lease,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod,
            boolean releaseOnStop,
            Recorder recorder) {
        LeaseElection election = new LeaseElection(
                client,
                new LeaseElection.Settings(
                        NAMESPACE, lease, identity, leaseDuration, renewDeadline, retryPeriod, releaseOnStop),
                recorder);
        elections.add(election);
        return election;
    }

    private static LeaseElection.Settings settings(
            String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        return new LeaseElection.Settings(NAMESPACE, "any", identity, leaseDuration, renewDeadline, retryPeriod, true);
    }

    private static String holderOf(String lease) {
        Lease found = client.leases().inNamespace(NAMESPACE).withName(lease).get();
        return found == null ? null : found.getSpec().getHolderIdentity();
    }

    private static String lease() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Every leadership change a candidate was told of, in order: true for started, false for stopped. */
    private static final class Recorder implements LeaseElection.Listener {

        final List<Boolean> events = new CopyOnWriteArrayList<>();

        @Override
        public void startedLeading() {
            events.add(true);
        }

        @Override
        public void stoppedLeading() {
            events.add(false);
        }
    }
}
