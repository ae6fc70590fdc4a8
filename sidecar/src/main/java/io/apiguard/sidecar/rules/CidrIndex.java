package io.apiguard.sidecar.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.apiguard.common.net.IpAddress;
import io.apiguard.common.net.IpRange;

/**
 * Rules by client address block: one hash table per prefix length in use, so a lookup costs one probe per distinct
 * prefix length (a single /32 table for the usual block-ip rules), whatever the number of rules. IPv4 tables are keyed
 * by the masked address as a {@code long}, so an IPv4 lookup allocates nothing.
 *
 * <p>Threading: built once by {@link Builder} on the thread that compiles a rule set, immutable afterwards (final
 * arrays never written again) and published with the evaluator that holds it; read by every event loop at once.
 */
final class CidrIndex {

    private static final CompiledRule[] NONE = new CompiledRule[0];

    /** IPv4 prefix lengths in use, longest first, and their tables (masked network to rules). */
    private final int[] v4Prefixes;

    private final LongTable[] v4Tables;
    private final int[] v6Prefixes;
    private final List<Map<IpAddress, CompiledRule[]>> v6Tables;

    private CidrIndex(
            int[] v4Prefixes, LongTable[] v4Tables, int[] v6Prefixes, List<Map<IpAddress, CompiledRule[]>> v6Tables) {
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

    /** Number of IPv4 tables, for {@link #v4(int, IpAddress)}. */
    int v4Count() {
        return v4Prefixes.length;
    }

    /** The rules of IPv4 table {@code index} whose block contains {@code address} (an IPv4 address). */
    CompiledRule[] v4(int index, IpAddress address) {
        CompiledRule[] rules = v4Tables[index].get(address.v4Bits() & IpAddress.v4Mask(v4Prefixes[index]));
        return rules == null ? NONE : rules;
    }

    /** Every rule whose IPv6 block contains {@code address}; allocates, IPv6 clients are the exception. */
    List<CompiledRule> v6(IpAddress address) {
        List<CompiledRule> matches = new ArrayList<>(0);
        for (int i = 0; i < v6Prefixes.length; i++) {
            CompiledRule[] rules = v6Tables.get(i).get(address.masked(v6Prefixes[i]));
            if (rules != null) {
                matches.addAll(Arrays.asList(rules));
            }
        }
        return matches;
    }

    /** True when any block contains {@code address}; false for null (no address, or not one). */
    boolean contains(IpAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isV4()) {
            for (int i = 0; i < v4Prefixes.length; i++) {
                if (v4(i, address).length > 0) {
                    return true;
                }
            }
            return false;
        }
        return hasV6() && !v6(address).isEmpty();
    }

    /** Collects blocks and builds the index. */
    static final class Builder {

        private final TreeMap<Integer, Map<Long, List<CompiledRule>>> v4 = new TreeMap<>((a, b) -> b - a);
        private final TreeMap<Integer, Map<IpAddress, List<CompiledRule>>> v6 = new TreeMap<>((a, b) -> b - a);

        /** Adds {@code rule} under {@code block}. */
        Builder add(IpRange block, CompiledRule rule) {
            int prefix = block.prefixLength();
            if (block.isV4()) {
                v4.computeIfAbsent(prefix, p -> new HashMap<>())
                        .computeIfAbsent(block.network().v4Bits(), a -> new ArrayList<>())
                        .add(rule);
            } else {
                v6.computeIfAbsent(prefix, p -> new HashMap<>())
                        .computeIfAbsent(block.network(), a -> new ArrayList<>())
                        .add(rule);
            }
            return this;
        }

        CidrIndex build() {
            int[] v4Prefixes = v4.keySet().stream().mapToInt(Integer::intValue).toArray();
            LongTable[] v4Tables = v4.values().stream().map(LongTable::of).toArray(LongTable[]::new);
            int[] v6Prefixes = v6.keySet().stream().mapToInt(Integer::intValue).toArray();
            List<Map<IpAddress, CompiledRule[]>> v6Tables = new ArrayList<>();
            v6.values().forEach(table -> {
                Map<IpAddress, CompiledRule[]> frozen = new HashMap<>();
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
