package io.apiguard.common.identity;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What identity resolution sees of one call: its headers (names are case-insensitive) and the address of the peer
 * that sent it (the ingress or proxy in front of the sidecar, or the client itself).
 */
public final class CallCredentials {

    private final Map<String, List<String>> headers;
    private final String peerAddress;

    private CallCredentials(Map<String, List<String>> headers, String peerAddress) {
        this.headers = headers;
        this.peerAddress = peerAddress;
    }

    /** Credentials from headers keyed by name in any case, each with its values in order. */
    public static CallCredentials of(Map<String, List<String>> headers, String peerAddress) {
        Map<String, List<String>> normalized = new HashMap<>();
        headers.forEach((name, values) ->
                normalized.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (first, second) -> {
                    List<String> all = new java.util.ArrayList<>(first);
                    all.addAll(second);
                    return List.copyOf(all);
                }));
        return new CallCredentials(Map.copyOf(normalized), peerAddress);
    }

    /** The first value of header {@code name}, if the call has one that is not blank. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null
                || values.isEmpty()
                || values.get(0) == null
                || values.get(0).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.get(0).trim());
    }

    /** The address of the peer that sent the call; null when unknown. */
    public String peerAddress() {
        return peerAddress;
    }
}
