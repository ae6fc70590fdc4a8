package io.apiguard.sidecar.rules;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.apiguard.common.identity.Cidr;

/**
 * Rules by client address block: one hash table per prefix length in use, so a lookup costs one probe per distinct
 * prefix length (a single /32 table for the usual block-ip rules), whatever the number of rules. Immutable once built.
 */
final class CidrIndex {

    private static final CompiledRule[] NONE = new CompiledRule[0];

    /** IPv4 prefix lengths in use, longest first, and their tables (masked network to rules). */
    private final int[] v4Prefixes;
    private final LongTable[] v4Tables;
    private final int[] v6Prefixes;
    private final List<Map<BigInteger, CompiledRule[]>> v6Tables;

    private CidrIndex(int[] v4Prefixes, LongTable[] v4Tables, int[] v6Prefixes,
            List<Map<BigInteger, CompiledRule[]>> v6Tables) {
        this.v4Prefixes = v4Prefixes;
        this.v4Tables = v4Tables;
        this.v6Prefixes = v6Prefixes;
        this.v6Tables = v6Tables;
    }

    boolean isEmpty() {
        return v4Prefixes.length == 0 && v6Prefixes.length == 0;
    }

    boolean hasV6() {
        return v6Prefixes.length > 0;
    }

    /** Number of IPv4 tables, for {@link #v4(int, long)}. */
    int v4Count() {
        return v4Prefixes.length;
    }

    /** The rules of table {@code index} whose block contains {@code address} (from {@link Addresses#ipv4}). */
    CompiledRule[] v4(int index, long address) {
        int prefix = v4Prefixes[index];
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        CompiledRule[] rules = v4Tables[index].get(address & mask);
        return rules == null ? NONE : rules;
    }

    /** Every rule whose IPv6 block contains {@code address} (16 bytes); allocates, IPv6 clients are the exception. */
    List<CompiledRule> v6(byte[] address) {
        List<CompiledRule> matches = new ArrayList<>(0);
        BigInteger value = new BigInteger(1, address);
        for (int i = 0; i < v6Prefixes.length; i++) {
            CompiledRule[] rules = v6Tables.get(i).get(mask128(value, v6Prefixes[i]));
            if (rules != null) {
                matches.addAll(Arrays.asList(rules));
            }
        }
        return matches;
    }

    /** True when any block contains {@code address}. */
    boolean contains(String address) {
        long v4 = Addresses.ipv4(address);
        if (v4 != Addresses.NONE) {
            for (int i = 0; i < v4Prefixes.length; i++) {
                if (v4(i, v4).length > 0) {
                    return true;
                }
            }
            return false;
        }
        if (!hasV6()) {
            return false;
        }
        byte[] v6 = Addresses.ipv6(address);
        return v6 != null && !v6(v6).isEmpty();
    }

    private static BigInteger mask128(BigInteger value, int prefix) {
        return prefix == 0 ? BigInteger.ZERO : value.shiftRight(128 - prefix).shiftLeft(128 - prefix);
    }

    /** Collects blocks and builds the index. */
    static final class Builder {

        private final TreeMap<Integer, Map<Long, List<CompiledRule>>> v4 = new TreeMap<>((a, b) -> b - a);
        private final TreeMap<Integer, Map<BigInteger, List<CompiledRule>>> v6 = new TreeMap<>((a, b) -> b - a);

        /**
         * Adds {@code rule} under {@code block}.
         *
         * @throws IllegalArgumentException when the block does not parse
         */
        Builder add(String block, CompiledRule rule) {
            Cidr.parse(block); // validates, with its message
            String trimmed = block.trim();
            int slash = trimmed.indexOf('/');
            String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            long v4Address = Addresses.ipv4(address);
            if (v4Address != Addresses.NONE) {
                int prefix = slash < 0 ? 32 : Integer.parseInt(trimmed.substring(slash + 1));
                if (address.indexOf(':') >= 0 && slash >= 0) {
                    prefix = Math.max(0, prefix - 96); // an IPv4-mapped block, e.g. ::ffff:10.0.0.0/104
                }
                long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
                v4.computeIfAbsent(prefix, p -> new HashMap<>())
                        .computeIfAbsent(v4Address & mask, a -> new ArrayList<>()).add(rule);
            } else {
                int prefix = slash < 0 ? 128 : Integer.parseInt(trimmed.substring(slash + 1));
                BigInteger value = new BigInteger(1, Addresses.ipv6(address));
                v6.computeIfAbsent(prefix, p -> new HashMap<>())
                        .computeIfAbsent(mask128(value, prefix), a -> new ArrayList<>()).add(rule);
            }
            return this;
        }

        CidrIndex build() {
            int[] v4Prefixes = v4.keySet().stream().mapToInt(Integer::intValue).toArray();
            LongTable[] v4Tables = v4.values().stream().map(LongTable::of).toArray(LongTable[]::new);
            int[] v6Prefixes = v6.keySet().stream().mapToInt(Integer::intValue).toArray();
            List<Map<BigInteger, CompiledRule[]>> v6Tables = new ArrayList<>();
            v6.values().forEach(table -> {
                Map<BigInteger, CompiledRule[]> frozen = new HashMap<>();
                table.forEach((key, rules) -> frozen.put(key, rules.toArray(CompiledRule[]::new)));
                v6Tables.add(frozen);
            });
            return new CidrIndex(v4Prefixes, v4Tables, v6Prefixes, v6Tables);
        }
    }

    /** An open-addressing table of {@code long} keys: no boxing on lookup. */
    static final class LongTable {

        private final long[] keys;
        private final CompiledRule[][] values;
        private final int mask;

        private LongTable(int capacity) {
            keys = new long[capacity];
            values = new CompiledRule[capacity][];
            mask = capacity - 1;
        }

        static LongTable of(Map<Long, List<CompiledRule>> entries) {
            int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
            LongTable table = new LongTable(capacity);
            entries.forEach((key, rules) -> table.put(key, rules.toArray(CompiledRule[]::new)));
            return table;
        }

        private void put(long key, CompiledRule[] rules) {
            int slot = slot(key);
            while (values[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = rules;
        }

        CompiledRule[] get(long key) {
            int slot = slot(key);
            while (values[slot] != null) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return null;
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }
}
