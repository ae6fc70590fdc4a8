package io.apiguard.common.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

import io.apiguard.common.events.ApiCallRecord;

/**
 * A request ready for payload signatures: its {@link RequestParts} each decoded once ({@link Evasions#decode}) and
 * lower-cased once for the signatures' literal triggers, so any number of signatures can then run over it.
 *
 * <p>Immutable and thread-safe once built; built once per call, on the thread that inspects it.
 */
public final class InspectedRequest {

    /** Longest excerpt of a payload copied into a violation's reason. */
    public static final int MAX_EXCERPT = 48;

    /** Violation kind of a payload signature match. */
    public static final String KIND = "signature";

    /** A value as received and as decoded, with the ASCII characters of its lower-case form for the triggers. */
    private record Value(RequestParts.Part part, String raw, String decoded, String lower, long low, long high) {}

    /**
     * Where a signature matched.
     *
     * @param signatureId the signature
     * @param location    the part, in the wire form of a violation's location
     * @param excerpt     the matched text (decoded), at most {@link #MAX_EXCERPT} characters, control characters as
     *                    {@code ?}
     */
    public record Hit(String signatureId, String location, String excerpt) {

        /** The violation for the call record: kind {@code signature}, the signature's id, the location, a reason. */
        public ApiCallRecord.Violation violation() {
            return new ApiCallRecord.Violation(
                    KIND, signatureId, location, signatureId + " in " + location + ": " + excerpt);
        }
    }

    private final List<Value> values;
    private final String malformedBody;

    private InspectedRequest(List<Value> values, String malformedBody) {
        this.values = values;
        this.malformedBody = malformedBody;
    }

    /** A request decoded for inspection (see {@link RequestParts#of}). */
    public static InspectedRequest of(String path, String rawQuery, RequestContent content) {
        return of(RequestParts.of(path, rawQuery, content));
    }

    /** The given parts decoded for inspection. */
    public static InspectedRequest of(RequestParts parts) {
        List<Value> values = new ArrayList<>(parts.parts().size());
        for (RequestParts.Part part : parts.parts()) {
            String raw = part.value();
            String decoded = Evasions.decode(raw, part.plusIsSpace());
            String lower = decoded.toLowerCase(Locale.ROOT);
            long[] characters = Signature.characters(lower);
            values.add(new Value(part, raw, decoded, lower, characters[0], characters[1]));
        }
        return new InspectedRequest(List.copyOf(values), parts.malformedBody());
    }

    /** Why the body could not be read whole, or null (see {@link RequestParts#malformedBody()}). */
    public String malformedBody() {
        return malformedBody;
    }

    /** The malformed-body finding as a violation, or null when the body was read whole or there is none. */
    public ApiCallRecord.Violation malformedBodyViolation() {
        return malformedBody == null
                ? null
                : new ApiCallRecord.Violation(KIND, RequestParts.MALFORMED_BODY, "body", malformedBody);
    }

    /** Number of values inspected. */
    public int size() {
        return values.size();
    }

    /**
     * The first part {@code signature} matches, decoded (and in SQL form for a SQL signature; raw too for a custom
     * signature, which has no triggers); null if none.
     * The pseudo-signature {@code malformed-body} matches a body that could not be read whole.
     */
    public Hit find(Signature signature) {
        if (RequestParts.MALFORMED_BODY.equals(signature.id())) {
            return malformedBody == null ? null : new Hit(signature.id(), "body", malformedBody);
        }
        for (int i = 0; i < values.size(); i++) {
            Value value = values.get(i);
            if (!signature.triggeredBy(value.lower, value.low, value.high)) {
                continue;
            }
            Matcher matcher = signature.pattern().matcher(value.decoded);
            if (matcher.find()) {
                return hit(signature, value, matcher);
            }
            if (signature.sql()) {
                String sqlForm = Evasions.sqlForm(value.decoded);
                // the expression is case-insensitive: the SQL form only adds something when it dropped a comment or
                // folded whitespace, so a value it only lower-cased is not matched twice
                if (!sqlForm.equals(value.lower)) {
                    matcher = signature.pattern().matcher(sqlForm);
                    if (matcher.find()) {
                        return hit(signature, value, matcher);
                    }
                }
            }
            // a custom expression (no triggers) may look for the encoded form itself; built-ins read decoded values
            if (value.decoded != value.raw && signature.triggers().isEmpty()) {
                matcher = signature.pattern().matcher(value.raw);
                if (matcher.find()) {
                    return hit(signature, value, matcher);
                }
            }
        }
        return null;
    }

    /** Every signature of {@code signatures} that matches, with the first part each matched. */
    public List<Hit> findAll(List<Signature> signatures) {
        List<Hit> hits = new ArrayList<>();
        for (Signature signature : signatures) {
            Hit hit = find(signature);
            if (hit != null) {
                hits.add(hit);
            }
        }
        return hits;
    }

    private static Hit hit(Signature signature, Value value, Matcher matcher) {
        String matched = matcher.group();
        StringBuilder excerpt = new StringBuilder(Math.min(matched.length(), MAX_EXCERPT));
        for (int i = 0; i < matched.length() && excerpt.length() < MAX_EXCERPT; i++) {
            char c = matched.charAt(i);
            excerpt.append(Character.isISOControl(c) ? '?' : c);
        }
        return new Hit(signature.id(), value.part.location(), excerpt.toString());
    }
}
