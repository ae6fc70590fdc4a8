package io.apiguard.common.net;

/**
 * An IPv4 or IPv6 address block: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address (a /32 or /128). The
 * address is parsed as {@link IpAddress} (literals only, never a host name); bits past the prefix are cleared, so
 * {@code 10.1.2.3/8} is {@code 10.0.0.0/8}. An IPv4-mapped block ({@code ::ffff:10.0.0.0/104}) is the IPv4 block it
 * maps ({@code 10.0.0.0/8}). A block has no zone.
 *
 * <p>Immutable and thread-safe; {@link #contains(IpAddress)} allocates nothing and may run on an event loop.
 */
public final class IpRange {

    private final IpAddress network;
    private final int prefixLength;
    private final String text;

    private IpRange(IpAddress network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses a block.
     *
     * @throws IllegalArgumentException when the address is not a literal IP address, the prefix is not a number or is
     *                                  out of range, or the block names a zone; the message says which
     */
    public static IpRange parse(String block) {
        if (block == null) {
            throw new IllegalArgumentException("not a CIDR block: null");
        }
        String trimmed = block.strip();
        int slash = trimmed.indexOf('/');
        String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (literal.indexOf('%') >= 0) {
            throw new IllegalArgumentException("a CIDR block has no zone: " + block);
        }
        IpAddress address = IpAddress.parse(literal);
        boolean mapped = address.isV4() && literal.indexOf(':') >= 0;
        int bits = mapped ? 128 : address.bits();
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a CIDR block (the prefix length is not a number): " + block);
            }
            prefix = Integer.parseInt(digits);
        }
        if (prefix > bits) {
            throw new IllegalArgumentException("prefix length out of range (0 to " + bits + ") in " + block);
        }
        if (mapped) {
            if (prefix < 96) {
                throw new IllegalArgumentException("an IPv4-mapped block needs a prefix of at least 96: " + block);
            }
            prefix -= 96;
        }
        return new IpRange(address.masked(prefix), prefix, trimmed);
    }

    /** The first address of the block. */
    public IpAddress network() {
        return network;
    }

    /** The number of leading bits every address of the block shares: 0 to 32 for IPv4, 0 to 128 for IPv6. */
    public int prefixLength() {
        return prefixLength;
    }

    /** True for an IPv4 block (an IPv4-mapped one included). */
    public boolean isV4() {
        return network.isV4();
    }

    /** Whether {@code address} lies in this block; an IPv4 address never lies in an IPv6 block, nor the reverse. */
    public boolean contains(IpAddress address) {
        if (address == null || address.isV4() != network.isV4()) {
            return false;
        }
        if (network.isV4()) {
            return (address.v4Bits() & IpAddress.v4Mask(prefixLength)) == network.v4Bits();
        }
        return (address.high() & IpAddress.highMask(prefixLength)) == network.high()
                && (address.low() & IpAddress.lowMask(prefixLength)) == network.low();
    }

    /** Whether the literal {@code address} lies in this block; false for anything that is not an IP address. */
    public boolean contains(String address) {
        return contains(IpAddress.parseOrNull(address));
    }

    /** Whether {@code address} lies in one of {@code ranges}. */
    public static boolean anyContains(Iterable<IpRange> ranges, IpAddress address) {
        if (address == null) {
            return false;
        }
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range && range.prefixLength == prefixLength && range.network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + prefixLength;
    }

    /** The block as it was written (trimmed). */
    @Override
    public String toString() {
        return text;
    }
}
