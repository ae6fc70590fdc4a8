package io.apiguard.logging.redaction;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.identity.Fingerprints;
import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.redaction.SecretText.Context;

/**
 * Masks what must never reach storage, in the path, template, query, user agent, object ids and headers of a record:
 * <ul>
 * <li>values of headers, query parameters and fields whose <em>name</em> is sensitive, by pattern ({@link
 * SensitiveNames}: {@code Api-Key}, {@code X-Goog-Api-Key}, {@code access-token}, {@code client_assertion} ...) and
 * by an exact list, masked whole;</li>
 * <li>inside every other value ({@link SecretText}): JSON parsed with Jackson and masked field by field, form-encoded
 * and {@code name=value} text masked to the end of each value, credentials after {@code Bearer} or {@code Basic},
 * passwords in URLs, private-key blocks, tokens of known formats, JWTs and random-looking runs (also as path
 * segments), and card numbers (Luhn), masked as {@code [card-1111]}.</li>
 * </ul>
 * Query values are also decoded (the JDK's form decoding) and scanned, so a percent-encoded JSON or token is found;
 * in them and in inspection findings (a violation's location and reason), IBANs, national ids and e-mail addresses
 * ({@link io.apiguard.common.inspect.DataClasses}) are masked too, as {@code [REDACTED:iban]}.
 * What was masked is listed as labels ({@code header:authorization}, {@code query:access_token},
 * {@code token:path}, {@code card-number:object}), never values. Pure and thread-safe; a record with nothing to mask
 * comes back as the same instance.
 */
public final class Redactor {

    /** What a masked value becomes. */
    public static final String MASK = "[REDACTED]";
    /** Longest name kept in a label. */
    private static final int MAX_LABEL_NAME = 64;

    private final SensitiveNames headerNames;
    private final SecretText text;

    /**
     * @param namePatterns    parts of names that make a header, parameter or field sensitive
     * @param headers         header names masked exactly
     * @param fields          parameter and field names masked exactly
     * @param tokenPrefixes   prefixes of known secret formats
     * @param minTokenLength  shortest run taken for a secret by randomness
     * @param minTokenEntropy least entropy (bits per character) of such a run
     * @param cardNumbers     whether Luhn-valid digit runs are masked
     */
    public Redactor(
            List<String> namePatterns,
            List<String> headers,
            List<String> fields,
            List<String> tokenPrefixes,
            int minTokenLength,
            double minTokenEntropy,
            boolean cardNumbers) {
        this.headerNames = new SensitiveNames(
                namePatterns, Stream.concat(headers.stream(), fields.stream()).toList());
        this.text = new SecretText(
                new SensitiveNames(namePatterns, fields), tokenPrefixes, minTokenLength, minTokenEntropy, cardNumbers);
    }

    /** The redactor {@code config} describes. */
    public static Redactor of(LoggingConfig.Redaction config) {
        return new Redactor(
                config.namePatterns(),
                config.headers(),
                config.fields(),
                config.tokenPrefixes(),
                config.minTokenLength(),
                config.minTokenEntropy(),
                config.cardNumbers());
    }

    /** The record with everything sensitive masked, and labels saying what was masked where. */
    public Result redact(ApiCallRecord call) {
        Set<String> labels = new LinkedHashSet<>();
        ApiCallRecord.Api api = call.api();
        String path = text.mask(api.path(), Context.PATH, "path", labels);
        String query = query(api.query(), labels);
        String template = text.mask(api.pathTemplate(), Context.PATH, "path-template", labels);
        ApiCallRecord.Source source = call.source();
        if (source != null) {
            String userAgent = text.mask(source.userAgent(), Context.TEXT, "user-agent", labels);
            if (userAgent != source.userAgent()) {
                source = new ApiCallRecord.Source(source.clientIp(), source.forwardedFor(), userAgent);
            }
        }
        List<ApiCallRecord.ObjectRef> objects = objects(call.objects(), labels);
        Map<String, String> headerValues = headers(call.headers(), labels);
        ApiCallRecord.Inspection inspection = inspection(call.inspection(), labels);
        if (labels.isEmpty()) {
            return new Result(call, List.of());
        }
        ApiCallRecord redacted = new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                new ApiCallRecord.Api(api.host(), api.method(), path, query, template, api.apiId()),
                source,
                call.destination(),
                call.identity(),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                objects,
                call.decision(),
                call.traceId(),
                headerValues,
                inspection,
                call.dataClasses(),
                // keyed fingerprints, not ids: nothing in them to redact
                call.returnedObjects());
        return new Result(redacted, List.copyOf(labels));
    }

    /** A redacted record and what was masked, e.g. {@code header:authorization}, {@code card-number:path}. */
    public record Result(ApiCallRecord call, List<String> redactions) {}

    private String query(String query, Set<String> labels) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        String[] pairs = query.split("&", -1);
        boolean changed = false;
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String decodedName = decoded(name);
            String masked;
            if (equals >= 0 && text.isSensitiveName(decodedName)) {
                masked = name + '=' + MASK;
                labels.add("query:" + label(decodedName.toLowerCase(Locale.ROOT)));
            } else if (equals < 0) {
                masked = value(pair, labels);
            } else {
                masked = name + '=' + value(pair.substring(equals + 1), labels);
            }
            if (!masked.equals(pair)) {
                pairs[i] = masked;
                changed = true;
            }
        }
        return changed ? String.join("&", pairs) : query;
    }

    /** A query value: scanned as sent and, when it is percent-encoded, decoded (and encoded again if masked). */
    private String value(String raw, Set<String> labels) {
        String masked = text.maskWithDataClasses(raw, "query", labels);
        if (masked != raw || (raw.indexOf('%') < 0 && raw.indexOf('+') < 0)) {
            return masked;
        }
        String decoded = decoded(raw);
        String maskedDecoded = text.maskWithDataClasses(decoded, "query", labels);
        return maskedDecoded == decoded ? raw : URLEncoder.encode(maskedDecoded, StandardCharsets.UTF_8);
    }

    /**
     * The inspection with each finding's location and reason masked (a reason may quote an excerpt of the call), and
     * without a target account that is not a keyed fingerprint.
     */
    private ApiCallRecord.Inspection inspection(ApiCallRecord.Inspection inspection, Set<String> labels) {
        if (inspection == null) {
            return null;
        }
        if (inspection.targetAccount() != null && !Fingerprints.isKeyed(inspection.targetAccount())) {
            // A login's target account is kept only as the sidecar's keyed fingerprint, never as a name in clear.
            inspection = inspection.withTargetAccount(null);
            labels.add("target-account:inspection");
        }
        if (inspection.violations().isEmpty()) {
            return inspection;
        }
        List<ApiCallRecord.Violation> violations =
                new ArrayList<>(inspection.violations().size());
        boolean changed = false;
        for (ApiCallRecord.Violation violation : inspection.violations()) {
            String location = text.maskWithDataClasses(violation.location(), "violation", labels);
            String reason = text.maskWithDataClasses(violation.reason(), "violation", labels);
            if (location != violation.location() || reason != violation.reason()) {
                changed = true;
                violation = new ApiCallRecord.Violation(violation.kind(), violation.id(), location, reason);
            }
            violations.add(violation);
        }
        return changed
                ? new ApiCallRecord.Inspection(
                        inspection.bodyInspected(),
                        inspection.bodyOverLimit(),
                        inspection.operation(),
                        violations,
                        inspection.targetAccount())
                : inspection;
    }

    private List<ApiCallRecord.ObjectRef> objects(List<ApiCallRecord.ObjectRef> objects, Set<String> labels) {
        List<ApiCallRecord.ObjectRef> result = null;
        for (int i = 0; i < objects.size(); i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            String id = text.mask(object.objectId(), Context.PATH, "object", labels);
            if (id != object.objectId()) {
                if (result == null) {
                    result = new ArrayList<>(objects);
                }
                result.set(i, new ApiCallRecord.ObjectRef(object.resourceType(), id));
            }
        }
        return result == null ? objects : result;
    }

    private Map<String, String> headers(Map<String, String> values, Set<String> labels) {
        if (values.isEmpty()) {
            return values;
        }
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (headerNames.isSensitive(name)) {
                labels.add("header:" + label(lowerName));
                result.put(name, MASK);
            } else {
                result.put(name, text.mask(value, Context.TEXT, "header:" + label(lowerName), labels));
            }
        });
        return result;
    }

    /** {@code name} fit for a label: printable, bounded (a decoded query name may carry anything). */
    private static String label(String name) {
        StringBuilder label = new StringBuilder(Math.min(name.length(), MAX_LABEL_NAME));
        name.codePoints()
                .limit(MAX_LABEL_NAME)
                .forEach(c -> label.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return label.toString();
    }

    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
