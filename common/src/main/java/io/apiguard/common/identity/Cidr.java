package io.apiguard.common.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address block ({@code 10.0.0.0/8}, {@code ::1/128}, or a bare address). Immutable. */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses a block given as literal addresses (never a host name: nothing is looked up).
     *
     * @throws IllegalArgumentException when it is not an address or the prefix is out of range
     */
    public static Cidr parse(String block) {
        String trimmed = block.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR block: " + block);
            }
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length out of range in " + block);
        }
        return new Cidr(address, prefix, trimmed);
    }

    /** Whether {@code address} (a literal IP) lies in this block; false for anything that is not an address. */
    public boolean contains(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        byte[] candidate;
        try {
            candidate = literal(address.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remaining = prefixLength % 8;
        if (remaining == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remaining);
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean looksLikeIp = !bare.isEmpty() && (bare.indexOf(':') >= 0 || bare.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
        if (!looksLikeIp) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        try {
            // A literal is parsed, never resolved: InetAddress only looks names up, and these are not names.
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }
}
