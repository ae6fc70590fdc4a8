package io.apiguard.common.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Splits a request into the values payload signatures read, each with its location in the wire form of {@code
 * ApiCallRecord.Violation.location}: the path ({@code path}, whole, since a traversal spans segments), query names and
 * values ({@code query.<name>}), header values ({@code header.<name>}), cookie names and values ({@code
 * cookie.<name>}) and the body's values ({@code body}, or a JSON pointer such as {@code body/items/0/name}).
 *
 * <p>Bodies by content type: JSON through Jackson's streaming parser (every property name and string value; numbers,
 * booleans and nulls cannot carry a payload), form-urlencoded (names and values), multipart (field names, file names
 * and text field values; file contents are not read), anything else (XML, text, unknown) as one value. A body that does
 * not parse, nests deeper than {@link #MAX_DEPTH} or has more than {@link #MAX_VALUES} values is reported as {@link
 * #malformedBody()}: attackers send broken bodies to slip past a parser, so it is a finding, never a silent skip.
 *
 * <p>Headers left out, by {@link #SKIPPED_HEADERS}: the credentials ({@code authorization}, {@code proxy-authorization}:
 * a match would copy part of a secret into the call record, and a token's characters cannot hold a payload the API
 * would read without decoding it first), {@code cookie} (its pairs are inspected one by one as cookies) and {@code
 * content-length} (a number, checked by the HTTP codec).
 *
 * <p>Immutable once built; built on the thread that inspects the call.
 */
public final class RequestParts {

    /** Deepest JSON nesting read; deeper is a malformed body (and a parser bomb). */
    public static final int MAX_DEPTH = 64;

    /** Most values read from one request; more is a malformed body (a flood of tiny fields to hide one). */
    public static final int MAX_VALUES = 4_096;

    /** Longest location kept: a name is the client's and may be anything, the call record keeps it bounded. */
    public static final int MAX_LOCATION = 128;

    /** Headers never inspected, lower-case; see the class comment for why. */
    public static final Set<String> SKIPPED_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "content-length");

    /** Violation id of a body that could not be read whole. */
    public static final String MALFORMED_BODY = "malformed-body";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /**
     * One value to inspect. Its location is {@code prefix + name}, joined only when asked for (on a match), so
     * splitting a request allocates no location strings.
     *
     * @param prefix      the kind of part: {@code path}, {@code query.}, {@code header.}, {@code cookie.}, {@code body}
     *                    or {@code body/}
     * @param name        the name within it (a query or cookie name, a header name, a JSON pointer without its
     *                    leading {@code /}); empty for the path and a whole body
     * @param value       the value as received (percent escapes and entities still in it; JSON escapes already undone)
     * @param plusIsSpace true for query and form values, where {@code +} is a space
     */
    public record Part(String prefix, String name, String value, boolean plusIsSpace) {

        /** Where the value is, in the wire form of a violation's location, at most {@link #MAX_LOCATION} long. */
        public String location() {
            String location = name.isEmpty() ? prefix : prefix + name;
            return location.length() > MAX_LOCATION ? location.substring(0, MAX_LOCATION) : location;
        }
    }

    private final List<Part> parts;
    private final String malformedBody;

    private RequestParts(List<Part> parts, String malformedBody) {
        this.parts = List.copyOf(parts);
        this.malformedBody = malformedBody;
    }

    /**
     * The parts of a request.
     *
     * @param path     the path as received; may be null
     * @param rawQuery the query as received, without {@code ?}; may be null
     * @param content  headers and body ({@link RequestContent#NONE} for the URI only)
     */
    public static RequestParts of(String path, String rawQuery, RequestContent content) {
        Collector out = new Collector();
        if (path != null && !path.isEmpty()) {
            out.add("path", "", path, false);
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            pairs(rawQuery, '&', "query.", true, out);
        }
        for (Map.Entry<String, List<String>> header : content.headers().entrySet()) {
            String name = header.getKey();
            if (!SKIPPED_HEADERS.contains(name)) {
                for (String value : header.getValue()) {
                    out.add("header.", name, value, false);
                }
            }
        }
        for (String cookie : content.header("cookie")) {
            pairs(cookie, ';', "cookie.", false, out);
        }
        String malformed = null;
        if (content.hasBody()) {
            malformed = body(content, out);
        }
        if (malformed == null && out.overflowed) {
            malformed = "more than " + MAX_VALUES + " values";
        }
        return new RequestParts(out.parts, malformed);
    }

    /** Every value to inspect, in request order: path, query, headers, cookies, body. */
    public List<Part> parts() {
        return parts;
    }

    /** Why the body could not be read whole (a short reason), or null when it was read or there is none. */
    public String malformedBody() {
        return malformedBody;
    }

    /** Names and values of {@code name=value} pairs split by {@code separator}; each name is a value too. */
    private static void pairs(String text, char separator, String prefix, boolean plusIsSpace, Collector out) {
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(separator, start);
            if (end < 0) {
                end = text.length();
            }
            String pair = text.substring(start, end).trim();
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                out.add(prefix, name, name, plusIsSpace);
                if (equals >= 0 && equals + 1 < pair.length()) {
                    out.add(prefix, name, pair.substring(equals + 1), plusIsSpace);
                }
            }
            start = end + 1;
        }
    }

    /** Reads the body's values into {@code out}; returns why it is malformed, or null. */
    private static String body(RequestContent content, Collector out) {
        String type = content.contentType() == null
                ? ""
                : content.contentType().toLowerCase(Locale.ROOT).trim();
        byte[] body = content.body();
        if (type.startsWith("application/json") || type.contains("+json")) {
            return json(body, out);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            pairs(text, '&', "body/", true, out);
            return null;
        }
        if (type.startsWith("multipart/")) {
            return multipart(text, boundary(content.contentType()), out);
        }
        out.add("body", "", text, false);
        return null;
    }

    private static String json(byte[] body, Collector out) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    if (pointer.isEmpty()) {
                        out.add("body", "", parser.getText(), false); // a JSON body that is one string
                    } else {
                        out.add("body/", pointer.substring(1), parser.getText(), false);
                    }
                }
            }
            return null;
        } catch (StreamConstraintsException e) {
            return "JSON nested deeper than " + MAX_DEPTH + " levels";
        } catch (IOException e) {
            return "not valid JSON";
        }
    }

    /** The {@code boundary} parameter of a multipart content type, or null. */
    static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = trimmed.substring(9).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /**
     * Reads a multipart body: each part's field name and file name, and its content unless it is a file. The bytes were
     * read as UTF-8 text; a binary file's content is skipped as a file, so lossy decoding of it does not matter.
     */
    private static String multipart(String text, String boundary, Collector out) {
        if (boundary == null) {
            return "multipart body without a boundary";
        }
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        if (at < 0) {
            return "multipart body without its boundary";
        }
        while (true) {
            at += delimiter.length();
            if (text.startsWith("--", at)) {
                return null; // the closing delimiter
            }
            int headersEnd = text.indexOf("\r\n\r\n", at);
            int separator = 4;
            if (headersEnd < 0) {
                headersEnd = text.indexOf("\n\n", at);
                separator = 2;
            }
            int next = text.indexOf(delimiter, at);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                return "multipart part not terminated";
            }
            String headers = text.substring(at, headersEnd);
            String name = dispositionParameter(headers, "name");
            String fileName = dispositionParameter(headers, "filename");
            String field = name == null ? "" : name;
            if (name != null) {
                out.add("body/", field, name, false);
            }
            if (fileName != null) {
                out.add("body/", field, fileName, false);
            } else {
                int contentEnd = next;
                if (contentEnd >= 2 && text.startsWith("\r\n", contentEnd - 2)) {
                    contentEnd -= 2;
                } else if (contentEnd >= 1 && text.charAt(contentEnd - 1) == '\n') {
                    contentEnd -= 1;
                }
                out.add(
                        "body/",
                        field,
                        text.substring(Math.min(headersEnd + separator, contentEnd), contentEnd),
                        false);
            }
            at = next;
        }
    }

    /** A parameter of a part's {@code Content-Disposition} header ({@code name="x"}), or null. */
    private static String dispositionParameter(String headers, String parameter) {
        String lower = headers.toLowerCase(Locale.ROOT);
        int disposition = lower.indexOf("content-disposition:");
        if (disposition < 0) {
            return null;
        }
        int lineEnd = lower.indexOf('\n', disposition);
        String line = headers.substring(disposition, lineEnd < 0 ? headers.length() : lineEnd);
        String lowerLine = line.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int at = lowerLine.indexOf(parameter + "=", from);
            if (at < 0) {
                return null;
            }
            from = at + 1;
            char before = at == 0 ? ';' : lowerLine.charAt(at - 1);
            if (before != ';' && before != ' ' && before != '\t') {
                continue; // "filename=" when looking for "name="
            }
            int start = at + parameter.length() + 1;
            if (start < line.length() && line.charAt(start) == '"') {
                int close = line.indexOf('"', start + 1);
                return line.substring(start + 1, close < 0 ? line.length() : close);
            }
            int end = line.indexOf(';', start);
            return line.substring(start, end < 0 ? line.length() : end).trim();
        }
    }

    /** Collects parts up to {@link #MAX_VALUES}. */
    private static final class Collector {
        final List<Part> parts = new ArrayList<>();
        boolean overflowed;

        void add(String prefix, String name, String value, boolean plusIsSpace) {
            if (parts.size() >= MAX_VALUES) {
                overflowed = true;
            } else if (!value.isEmpty()) {
                parts.add(new Part(prefix, name, value, plusIsSpace));
            }
        }
    }
}
