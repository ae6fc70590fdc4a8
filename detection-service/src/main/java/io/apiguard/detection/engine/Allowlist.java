package io.apiguard.detection.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What operators marked as false positive: a detection type for one incident key (a subject or {@code ip:<address>})
 * is never raised again. Fed by the false-positive endpoint, persisted, and shared by every partition; thread-safe.
 */
public final class Allowlist {

    private final Set<String> entries = ConcurrentHashMap.newKeySet();

    /** Never raise {@code type} for {@code incidentKey} again. */
    public void allow(String type, String incidentKey) {
        entries.add(entry(type, incidentKey));
    }

    public boolean allows(String type, String incidentKey) {
        return !entries.isEmpty() && entries.contains(entry(type, incidentKey));
    }

    public int size() {
        return entries.size();
    }

    private static String entry(String type, String incidentKey) {
        return type + '\n' + incidentKey;
    }
}
