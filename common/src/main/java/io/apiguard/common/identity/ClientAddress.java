package io.apiguard.common.identity;

import java.util.ArrayList;
import java.util.List;

import io.apiguard.common.net.IpAddress;
import io.apiguard.common.net.IpRange;

/**
 * Finds the real client of a call behind proxies. {@code X-Forwarded-For} is only as trustworthy as whoever appended
 * to it: walking the chain from the right, each hop is believed only while the address that handed it over is a
 * trusted proxy. A client that writes its own {@code X-Forwarded-For} therefore cannot pose as someone else.
 */
public final class ClientAddress {

    private ClientAddress() {}

    /**
     * The client address of a call.
     *
     * @param peer           the TCP peer that connected to us
     * @param forwardedFor   every {@code X-Forwarded-For} value as received, in order (comma-separated lists allowed)
     * @param trustedProxies proxies whose forwarding we believe
     * @return the rightmost address not vouched for by a trusted proxy; the peer when it is not trusted
     */
    public static String resolve(String peer, List<String> forwardedFor, List<IpRange> trustedProxies) {
        if (peer == null || forwardedFor.isEmpty() || !trusted(peer, trustedProxies)) {
            return peer;
        }
        List<String> chain = chain(forwardedFor);
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            client = chain.get(i);
            if (!trusted(client, trustedProxies)) {
                return client;
            }
        }
        return client;
    }

    /** The hops of the {@code X-Forwarded-For} values, trimmed, empty entries dropped. */
    public static List<String> chain(List<String> forwardedFor) {
        List<String> hops = new ArrayList<>(forwardedFor.size() + 2);
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                String trimmed = hop.trim();
                if (!trimmed.isEmpty()) {
                    hops.add(trimmed);
                }
            }
        }
        return hops;
    }

    /** Whether {@code address} lies in one of {@code trustedProxies}; false for anything that is not an IP address. */
    public static boolean trusted(String address, List<IpRange> trustedProxies) {
        return !trustedProxies.isEmpty() && IpRange.anyContains(trustedProxies, IpAddress.parseOrNull(address));
    }
}
