package io.apiguard.common.inspect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One compiled payload signature: its id, its expression, the literal triggers (lower-case) of which one must occur
 * for the expression to be able to match, and whether it reads the SQL form of a value ({@link Evasions#sqlForm}) as
 * well. Immutable and thread-safe ({@link Pattern} is; matchers are made per use).
 *
 * <p>Triggers are checked per value before the expression, and cheaply: each trigger's ASCII characters are a bit
 * mask, and {@link String#contains} runs only when the value has every one of them ({@link #characters(String)}), so a
 * value such as {@code page} rejects {@code union} with two bit tests.
 */
public final class Signature {

    private final String id;
    private final Pattern pattern;
    private final List<String> triggers;
    private final boolean sql;
    /** Per trigger, its ASCII characters as two longs: {@code [2 * i]} the low half, {@code [2 * i + 1]} the high. */
    private final long[] triggerMasks;
    /**
     * For a quick reject: the rarest character of every trigger, as a mask; a value with none of them cannot contain
     * any trigger. Zero when a trigger has no ASCII character (then every value goes on to the full check).
     */
    private final long rareLow;

    private final long rareHigh;

    /**
     * @param id       the id rules name in {@code match.payloadSignature}
     * @param pattern  the expression
     * @param triggers lower-case fragments one of which must be in the value; empty: always run the expression
     * @param sql      true when the expression is also matched on the value's SQL form (comments out, case folded)
     */
    public Signature(String id, Pattern pattern, List<String> triggers, boolean sql) {
        this.id = id;
        this.pattern = pattern;
        this.triggers = List.copyOf(triggers);
        this.sql = sql;
        this.triggerMasks = new long[this.triggers.size() * 2];
        long low = 0;
        long high = 0;
        boolean everyTriggerHasOne = true;
        for (int i = 0; i < this.triggers.size(); i++) {
            String trigger = this.triggers.get(i);
            long[] mask = characters(trigger);
            triggerMasks[2 * i] = mask[0];
            triggerMasks[2 * i + 1] = mask[1];
            char rare = rarest(trigger);
            if (rare < 64) {
                low |= 1L << rare;
            } else if (rare < 128) {
                high |= 1L << (rare - 64);
            } else {
                everyTriggerHasOne = false;
            }
        }
        this.rareLow = everyTriggerHasOne ? low : 0;
        this.rareHigh = everyTriggerHasOne ? high : 0;
    }

    /** Lower-case letters from the most to the least frequent in text; anything else counts as rarer than them. */
    private static final String LETTER_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz";

    /** The character of {@code trigger} least likely in an ordinary value: a symbol or digit, else the rarest letter. */
    private static char rarest(String trigger) {
        char rarest = trigger.charAt(0);
        int rank = -1;
        for (int i = 0; i < trigger.length(); i++) {
            char c = trigger.charAt(i);
            int frequency = LETTER_FREQUENCY.indexOf(c);
            int candidate = frequency < 0 ? Integer.MAX_VALUE : frequency;
            if (candidate > rank) {
                rank = candidate;
                rarest = c;
            }
        }
        return rarest;
    }

    public String id() {
        return id;
    }

    public Pattern pattern() {
        return pattern;
    }

    public List<String> triggers() {
        return triggers;
    }

    public boolean sql() {
        return sql;
    }

    /** True when one of the triggers occurs in {@code lower} (a lower-cased value), or there are none. */
    public boolean triggeredBy(String lower) {
        long[] present = characters(lower);
        return triggeredBy(lower, present[0], present[1]);
    }

    /** As {@link #triggeredBy(String)}, with the value's {@link #characters} already known. */
    boolean triggeredBy(String lower, long presentLow, long presentHigh) {
        if (triggers.isEmpty()) {
            return true;
        }
        if ((rareLow | rareHigh) != 0 && (presentLow & rareLow) == 0 && (presentHigh & rareHigh) == 0) {
            return false; // not one trigger's rarest character: the common case, two bit tests
        }
        for (int i = 0; i < triggers.size(); i++) {
            if ((triggerMasks[2 * i] & ~presentLow) == 0
                    && (triggerMasks[2 * i + 1] & ~presentHigh) == 0
                    && lower.contains(triggers.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ASCII characters of {@code text} as a 128-bit mask (low and high long); characters beyond ASCII are left
     * out, so a trigger that has one is only ever checked with {@code contains}.
     */
    public static long[] characters(String text) {
        long low = 0;
        long high = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else if (c < 128) {
                high |= 1L << (c - 64);
            }
        }
        return new long[] {low, high};
    }

    @Override
    public String toString() {
        return "Signature[" + id + "]";
    }
}
