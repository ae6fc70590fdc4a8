package io.apiguard.common.inspect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One compiled payload signature: its id, its expression, the literal triggers (lower-case) of which one must occur
 * for the expression to be able to match, and whether it reads the SQL form of a value ({@link Evasions#sqlForm}) as
 * well. Immutable and thread-safe ({@link Pattern} is); matchers are made per use.
 *
 * @param id       the id rules name in {@code match.payloadSignature}
 * @param pattern  the expression
 * @param triggers lower-case fragments one of which must be in the value; empty: always run the expression
 * @param sql      true when the expression is also matched on the value's SQL form (comments out, case folded)
 */
public record Signature(String id, Pattern pattern, List<String> triggers, boolean sql) {

    public Signature {
        triggers = List.copyOf(triggers);
    }

    /** True when one of the triggers occurs in {@code lower} (a lower-cased value), or there are none. */
    public boolean triggeredBy(String lower) {
        if (triggers.isEmpty()) {
            return true;
        }
        for (int i = 0; i < triggers.size(); i++) {
            if (lower.contains(triggers.get(i))) {
                return true;
            }
        }
        return false;
    }
}
