package io.apiguard.common.net;

import java.net.InetAddress;

import com.google.common.net.InetAddresses;

/**
 * A literal IPv4 or IPv6 address, as 128 bits. Parsed by Guava's {@link InetAddresses#forString}, which never looks a
 * name up: a host name is refused, not resolved. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is the IPv4
 * address it maps; the zone of a scoped IPv6 address ({@code fe80::1%eth0}) is dropped, since it names a local
 * interface and not part of the address; IPv4 octets with leading zeros ({@code 010.0.0.1}) are refused, being octal
 * to some parsers and decimal to others.
 *
 * <p>Immutable and thread-safe. Parsing allocates the address and Guava's {@link InetAddress}, and no lock is taken:
 * it may run on an event loop.
 */
public final class IpAddress {

    private final boolean v4;
    /** The upper 64 bits of an IPv6 address; 0 for IPv4. */
    private final long high;
    /** The lower 64 bits of an IPv6 address, or the 32 bits of an IPv4 address. */
    private final long low;

    private IpAddress(boolean v4, long high, long low) {
        this.v4 = v4;
        this.high = high;
        this.low = low;
    }

    /**
     * Parses a literal address, bare or in brackets ({@code [::1]}).
     *
     * @throws IllegalArgumentException when {@code literal} is not an IP address (a host name included), saying so
     */
    public static IpAddress parse(String literal) {
        IpAddress address = parseOrNull(literal);
        if (address == null) {
            throw new IllegalArgumentException(
                    "not an IP address literal (host names are never looked up): " + literal);
        }
        return address;
    }

    /** {@link #parse}, but null instead of an exception: for the hot path, where a malformed address is no error. */
    public static IpAddress parseOrNull(String literal) {
        if (literal == null) {
            return null;
        }
        String bare = literal.strip();
        if (bare.length() > 2 && bare.charAt(0) == '[' && bare.charAt(bare.length() - 1) == ']') {
            bare = bare.substring(1, bare.length() - 1);
        }
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            if (bare.indexOf(':') < 0 || zone == bare.length() - 1) {
                return null; // only IPv6 has zones, and a zone has a name
            }
            // Guava would ask the operating system for the interface: the zone takes no part in containment anyway
            bare = bare.substring(0, zone);
        }
        if (!literalCharacters(bare)) {
            return null; // a host name, "unknown" or garbage: refused without the cost of Guava's exception
        }
        byte[] bytes;
        try {
            bytes = InetAddresses.forString(bare).getAddress();
        } catch (IllegalArgumentException e) {
            return null; // one parse for a valid address; garbage pays for the exception
        }
        if (bytes.length == 4) {
            return new IpAddress(true, 0, bits(bytes, 0, 4));
        }
        return new IpAddress(false, bits(bytes, 0, 8), bits(bytes, 8, 16));
    }

    /** True for IPv4 (an IPv4-mapped IPv6 address included). */
    public boolean isV4() {
        return v4;
    }

    /** The address width: 32 or 128. */
    public int bits() {
        return v4 ? 32 : 128;
    }

    /** The IPv4 address as an unsigned 32-bit value; meaningless for IPv6. */
    public long v4Bits() {
        return low;
    }

    /** The upper 64 bits of an IPv6 address; 0 for IPv4. */
    public long high() {
        return high;
    }

    /** The lower 64 bits of an IPv6 address, or the 32 bits of an IPv4 address. */
    public long low() {
        return low;
    }

    /** This address with every bit past the first {@code prefixLength} cleared. */
    public IpAddress masked(int prefixLength) {
        if (v4) {
            return new IpAddress(true, 0, low & v4Mask(prefixLength));
        }
        return new IpAddress(false, high & highMask(prefixLength), low & lowMask(prefixLength));
    }

    /** The mask of an IPv4 prefix, as an unsigned 32-bit value. */
    public static long v4Mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
    }

    /** The upper 64 bits of the mask of an IPv6 prefix. */
    public static long highMask(int prefixLength) {
        return prefixLength == 0 ? 0 : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
    }

    /** The lower 64 bits of the mask of an IPv6 prefix. */
    public static long lowMask(int prefixLength) {
        return prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && address.v4 == v4 && address.high == high && address.low == low;
    }

    @Override
    public int hashCode() {
        long h = (high * 31 + low) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) ^ (v4 ? 1 : 0);
    }

    /** The canonical form ({@code 10.0.0.1}, {@code 2001:db8::1}), as Guava writes it. */
    @Override
    public String toString() {
        byte[] bytes = new byte[v4 ? 4 : 16];
        if (v4) {
            put(bytes, 0, low, 4);
        } else {
            put(bytes, 0, high, 8);
            put(bytes, 8, low, 8);
        }
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    /** Only what an IPv4 or IPv6 literal is written with: hex digits, dots and colons; not empty. */
    private static boolean literalCharacters(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static long bits(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = (value << 8) | (bytes[i] & 0xFFL);
        }
        return value;
    }

    private static void put(byte[] bytes, int offset, long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }
}
