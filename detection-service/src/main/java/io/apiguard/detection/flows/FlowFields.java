package io.apiguard.detection.flows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Pattern;

import io.netty.util.NetUtil;

/**
 * Checks and normalizes the fields collectors share: addresses, ports, protocols, timestamps. Every check throws
 * {@link InvalidFlowException} with the field's name; nothing here resolves a name or touches the network. Stateless.
 */
final class FlowFields {

    /**
     * How far in the future a flow's timestamp may lie: clocks of exporters drift, but a flow stamped hours ahead is
     * forged or broken, and would move the correlation's windows past every honest flow.
     */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    /** Protocol names as flow logs write them: {@code tcp}, {@code udp}, {@code icmp}, {@code ipv6-icmp}, ... */
    private static final Pattern PROTOCOL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,23}");

    /** pmacct's "not set": zeros in any of its timestamp forms ({@code 0000-00-00T00:00:00.000000Z}, {@code 0}). */
    private static final Pattern UNSET_TIMESTAMP = Pattern.compile("[0:.\\- TZ+]*0[0:.\\- TZ+]*");

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    /** pmacct's default timestamp form, without zone: {@code 2026-12-01 19:45:23.000000}. */
    private static final DateTimeFormatter PMACCT_LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private FlowFields() {}

    /** {@code value} as a canonical IPv4 or IPv6 address literal (never a host name). */
    static String address(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidFlowException(field + " is missing");
        }
        String trimmed = value.trim();
        if (!NetUtil.isValidIpV4Address(trimmed) && !NetUtil.isValidIpV6Address(trimmed)) {
            throw new InvalidFlowException(field + " is not an IP address: " + abbreviated(trimmed));
        }
        return NetUtil.createInetAddressFromIpAddressString(trimmed).getHostAddress();
    }

    /** {@code value} as a port; absent is 0 (protocols without ports, ICMP). */
    static int port(Integer value, String field) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > 65_535) {
            throw new InvalidFlowException(field + " must be a port (0-65535): " + value);
        }
        return value;
    }

    /** A counter of bytes or packets; absent is 0. */
    static long count(Long value, String field) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new InvalidFlowException(field + " must not be negative: " + value);
        }
        return value;
    }

    /** A protocol by name or IANA number, as a lower-case name ({@code 6} is {@code tcp}). */
    static String protocol(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = value.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "1":
                return "icmp";
            case "6":
                return "tcp";
            case "17":
                return "udp";
            case "58":
                return "ipv6-icmp";
            case "132":
                return "sctp";
            default:
                break;
        }
        if (name.chars().allMatch(Character::isDigit) && name.length() <= 3 && Integer.parseInt(name) <= 255) {
            return name;
        }
        if (!PROTOCOL_NAME.matcher(name).matches()) {
            throw new InvalidFlowException("not a protocol: " + abbreviated(name));
        }
        return name;
    }

    /**
     * A timestamp in one of the forms collectors write: RFC 3339 ({@code 2026-12-01T19:45:23.000000Z}, pmacct with
     * {@code timestamps_rfc3339}, Hubble), seconds since the epoch with an optional fraction (pmacct with
     * {@code timestamps_since_epoch}), or pmacct's default {@code 2026-12-01 19:45:23.000000}, read as UTC (pmacct
     * writes it in the collector's zone unless {@code timestamps_utc: true}). Absent, or pmacct's all-zero "not set"
     * ({@code 0000-00-00T00:00:00.000000Z}, {@code 0}), is null.
     */
    static Instant timestamp(String value, String field, Instant now) {
        if (value == null || value.isBlank() || isZero(value)) {
            return null;
        }
        String text = value.trim();
        Instant instant;
        try {
            if (EPOCH_SECONDS.matcher(text).matches()) {
                BigDecimal seconds = new BigDecimal(text);
                instant = Instant.ofEpochSecond(
                        seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            } else if (text.indexOf('T') > 0) {
                instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } else {
                instant = LocalDateTime.parse(text, PMACCT_LOCAL).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidFlowException(field + " is not a timestamp: " + abbreviated(text));
        }
        if (instant.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new InvalidFlowException(field + " lies in the future: " + instant);
        }
        return instant;
    }

    /** Checks that a flow ends no earlier than it starts. */
    static void ordered(Instant start, Instant end) {
        if (start == null) {
            throw new InvalidFlowException("the flow has no start time");
        }
        if (end != null && end.isBefore(start)) {
            throw new InvalidFlowException("the flow ends (" + end + ") before it starts (" + start + ")");
        }
    }

    private static boolean isZero(String value) {
        return UNSET_TIMESTAMP.matcher(value.trim()).matches();
    }

    /** A hostile value, shortened for a dead-letter reason. */
    static String abbreviated(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
