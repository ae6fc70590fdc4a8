/**
 * IP addresses and address blocks, the suite's one parser of them ({@link io.apiguard.common.net.IpAddress}, {@link
 * io.apiguard.common.net.IpRange}): literals only, never a DNS lookup, on Guava's {@code InetAddresses}. Every type
 * here is immutable and thread-safe.
 */
package io.apiguard.common.net;
