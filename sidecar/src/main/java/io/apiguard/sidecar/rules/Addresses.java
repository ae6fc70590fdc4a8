package io.apiguard.sidecar.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal IP addresses as numbers, for the address index; IPv4 is parsed by hand because it is on every call. */
final class Addresses {

    /** Not an address. */
    static final long NONE = -1L;

    private Addresses() {
    }

    /** The IPv4 address as an unsigned 32-bit value, or {@link #NONE}; IPv4-mapped IPv6 counts as IPv4. */
    static long ipv4(String address) {
        if (address == null) {
            return NONE;
        }
        int length = address.length();
        if (length < 7 || length > 15) {
            return length > 15 && address.indexOf(':') >= 0 ? mapped(address) : NONE;
        }
        long value = 0;
        int octet = -1;
        int dots = 0;
        for (int i = 0; i < length; i++) {
            char c = address.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = octet < 0 ? c - '0' : octet * 10 + (c - '0');
                if (octet > 255) {
                    return NONE;
                }
            } else if (c == '.' && octet >= 0 && dots < 3) {
                value = (value << 8) | octet;
                octet = -1;
                dots++;
            } else {
                return address.indexOf(':') >= 0 ? mapped(address) : NONE;
            }
        }
        if (dots != 3 || octet < 0) {
            return NONE;
        }
        return (value << 8) | octet;
    }

    /** The 16 bytes of an IPv6 literal, or null (also null for IPv4, which {@link #ipv4} handles). */
    static byte[] ipv6(String address) {
        byte[] bytes = literal(address);
        return bytes != null && bytes.length == 16 ? bytes : null;
    }

    private static long mapped(String address) {
        byte[] bytes = literal(address);
        if (bytes == null || bytes.length != 4) {
            return NONE;
        }
        return ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8) | (bytes[3] & 0xFFL);
    }

    private static byte[] literal(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        // Only literals: a host name would make InetAddress resolve it, on the event loop.
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.' && c != '%') {
                return null;
            }
        }
        if (bare.indexOf(':') < 0) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
