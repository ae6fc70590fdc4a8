package io.apiguard.detection.detectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.detection.engine.LruMap;

/**
 * Whose objects are whose, as far as one partition's calls tell: for each object (a hash of its type and id) the people
 * who touch it most, in two slots (the leader and a runner-up, whose counts never exceed their real touches), so an entry
 * costs a few fields whatever the number of people touching it. An object is someone's when that person made at least {@code minTouches} of its touches and at
 * least {@code share} of all of them; an object the whole team reads is nobody's. Objects are kept in a capped LRU
 * map: the least recently touched drop out and are relearned. Not thread-safe (confined to a partition's detector).
 */
final class ObjectOwners {

    /** Counts are halved past this, so a record read for years keeps weighing recent readers. */
    private static final int DECAY_AT = 1 << 16;

    /** One object's readers: the leading one, a runner-up, and every touch. */
    private static final class Readers {
        String leader;
        int leaderTouches;
        String runnerUp;
        int runnerUpTouches;
        int total;

        void touch(String person) {
            total++;
            if (person.equals(leader)) {
                leaderTouches++;
            } else if (person.equals(runnerUp)) {
                runnerUpTouches++;
                if (runnerUpTouches > leaderTouches) {
                    swap();
                }
            } else {
                // A newcomer takes the runner-up's slot from scratch: counts never exceed a person's real touches, so
                // an object read once each by many people is nobody's, never the last reader's.
                runnerUp = person;
                runnerUpTouches = 1;
                if (runnerUpTouches > leaderTouches) {
                    swap();
                }
            }
            if (total >= DECAY_AT) {
                total /= 2;
                leaderTouches /= 2;
                runnerUpTouches /= 2;
            }
        }

        private void swap() {
            String person = leader;
            int touches = leaderTouches;
            leader = runnerUp;
            leaderTouches = runnerUpTouches;
            runnerUp = person;
            runnerUpTouches = touches;
        }
    }

    /**
     * What a restart keeps: object hashes, the index of each one's leading reader in {@code people}, its touches and
     * the object's total. The runner-up is relearned.
     */
    record Learned(List<String> people, long[] objects, int[] leaders, int[] leaderTouches, int[] totals) {}

    private final LruMap<Long, Readers> objects;
    private final int minTouches;
    private final double share;

    ObjectOwners(int capacity, int minTouches, double share) {
        this.objects = new LruMap<>(capacity);
        this.minTouches = minTouches;
        this.share = share;
    }

    /** Counts a touch of {@code object} by {@code person} (a verified individual). */
    void touch(long object, String person) {
        objects.get(object, k -> new Readers()).touch(person);
    }

    /** The person whose object {@code object} is, or null: unknown, or nobody's in particular. */
    String owner(long object) {
        Readers readers = objects.get(object);
        if (readers == null || readers.leader == null) {
            return null;
        }
        return readers.leaderTouches >= minTouches && readers.leaderTouches >= share * readers.total
                ? readers.leader
                : null;
    }

    int size() {
        return objects.size();
    }

    Learned learned() {
        Map<String, Integer> index = new HashMap<>();
        List<String> people = new ArrayList<>();
        int n = objects.size();
        long[] hashes = new long[n];
        int[] leaders = new int[n];
        int[] leaderTouches = new int[n];
        int[] totals = new int[n];
        int i = 0;
        for (Map.Entry<Long, Readers> entry : objects.entrySet()) {
            Readers readers = entry.getValue();
            if (readers.leader == null) {
                continue;
            }
            hashes[i] = entry.getKey();
            leaders[i] = index.computeIfAbsent(readers.leader, person -> {
                people.add(person);
                return people.size() - 1;
            });
            leaderTouches[i] = readers.leaderTouches;
            totals[i] = readers.total;
            i++;
        }
        return new Learned(
                people,
                Arrays.copyOf(hashes, i),
                Arrays.copyOf(leaders, i),
                Arrays.copyOf(leaderTouches, i),
                Arrays.copyOf(totals, i));
    }

    /** Replaces what is known with {@code learned}, in its order (the least recently touched first). */
    void restore(Learned learned) {
        objects.clear();
        if (learned == null || learned.objects() == null) {
            return;
        }
        List<String> people = learned.people();
        for (int i = 0; i < learned.objects().length; i++) {
            int leader = learned.leaders()[i];
            if (leader < 0 || leader >= people.size()) {
                continue;
            }
            Readers readers = new Readers();
            readers.leader = people.get(leader);
            readers.leaderTouches = Math.max(0, learned.leaderTouches()[i]);
            readers.total = Math.max(readers.leaderTouches, learned.totals()[i]);
            objects.put(learned.objects()[i], readers);
        }
    }
}
