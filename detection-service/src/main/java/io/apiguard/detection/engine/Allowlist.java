package io.apiguard.detection.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What operators marked as false positive: a detection type for one incident key (a subject, {@code ip:<address>} or
 * {@code fp:<fingerprint>}) is not raised while an entry covers it, that is until the entry expires or is withdrawn.
 * Fed by the false-positive endpoint and reloaded from the table by every replica; shared by every partition.
 *
 * <p>Thread-safe. {@link #allows} is on the stream's path: it reads an immutable index without locking, and compares
 * expiries with the clock, so an entry stops suppressing the moment it expires, on every replica, without a reload.
 * Changes (rare: operator actions and reloads) rebuild the index under a lock and swap it.
 */
public final class Allowlist {

    /**
     * One active entry as the engine needs it.
     *
     * @param id          the entry's id (what a withdrawal names)
     * @param type        the detection type it suppresses
     * @param incidentKey the subject, {@code ip:<address>} or {@code fp:<fingerprint>}
     * @param expiresAt   when it stops suppressing
     */
    public record Entry(String id, String type, String incidentKey, Instant expiresAt) {}

    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Map<String, Entry> entries = Map.of();
    /** Guarded by {@link #lock}: bumped by every local change, so a reload read before one does not undo it. */
    private long version;
    /** {@code type + '\n' + incidentKey} to the latest expiry (epoch millis) of the entries covering it. */
    private volatile Map<String, Long> index = Map.of();

    /** An allowlist on the system clock. */
    public Allowlist() {
        this(Clock.systemUTC());
    }

    public Allowlist(Clock clock) {
        this.clock = clock;
    }

    /** Whether an unexpired entry suppresses {@code type} for {@code incidentKey}. */
    public boolean allows(String type, String incidentKey) {
        Map<String, Long> current = index;
        if (current.isEmpty()) {
            return false;
        }
        Long expiresAt = current.get(key(type, incidentKey));
        return expiresAt != null && expiresAt > clock.millis();
    }

    /** Adds (or replaces) {@code entry}. */
    public void allow(Entry entry) {
        synchronized (lock) {
            Map<String, Entry> changed = new HashMap<>(entries);
            changed.put(entry.id(), entry);
            swap(changed);
            version++;
        }
    }

    /** Removes entry {@code id}; the type is raised again unless another entry covers it. */
    public void withdraw(String id) {
        synchronized (lock) {
            if (entries.containsKey(id)) {
                Map<String, Entry> changed = new HashMap<>(entries);
                changed.remove(id);
                swap(changed);
            }
            version++;
        }
    }

    /** The version to pass to {@link #replace}: read it before reading the table. */
    public long version() {
        synchronized (lock) {
            return version;
        }
    }

    /**
     * Replaces every entry with the active ones the table holds, unless this allowlist changed since
     * {@code readAtVersion}: a reload read before a local allow or withdrawal would undo it; the next reload catches
     * up instead.
     *
     * @return whether the entries were replaced
     */
    public boolean replace(Collection<Entry> active, long readAtVersion) {
        synchronized (lock) {
            if (version != readAtVersion) {
                return false;
            }
            Map<String, Entry> changed = new HashMap<>();
            active.forEach(entry -> changed.put(entry.id(), entry));
            swap(changed);
            return true;
        }
    }

    /** Entries that suppress now (an expired one lingers until the next reload, without effect). */
    public int size() {
        long now = clock.millis();
        synchronized (lock) {
            return (int) entries.values().stream()
                    .filter(entry -> entry.expiresAt().toEpochMilli() > now)
                    .count();
        }
    }

    private void swap(Map<String, Entry> changed) {
        Map<String, Long> rebuilt = new HashMap<>();
        for (Entry entry : changed.values()) {
            rebuilt.merge(
                    key(entry.type(), entry.incidentKey()), entry.expiresAt().toEpochMilli(), Math::max);
        }
        entries = Map.copyOf(changed);
        index = Map.copyOf(rebuilt);
    }

    private static String key(String type, String incidentKey) {
        return type + '\n' + incidentKey;
    }
}
