package io.apiguard.logging.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.json.EventJson;
import io.apiguard.logging.LoggingConfig;

/**
 * Reads a batch of call records (a JSON array, or NDJSON: one record per line) and checks each record on its own, so
 * one bad record costs only itself: a record that is too large, nested too deeply, of the wrong type or outside the
 * {@link RecordValidator}'s bounds is refused by its index while its neighbours are kept. Only a body whose record
 * boundaries cannot be found (not JSON, not an array, an array nested beyond reason) fails whole. Thread-safe.
 */
@ApplicationScoped
public class CallBatchParser {

    /**
     * Deepest nesting of one record: a record is four levels deep (record, identity, roles), so anything much deeper is
     * not a record, and refusing it early keeps a hostile one from costing more than its bytes.
     */
    static final int MAX_RECORD_DEPTH = 16;
    /**
     * Deepest nesting the batch scan follows to find where an element ends; beyond it the body is refused whole. High,
     * so that a deep element is refused on its own, and bounded, since each level costs the scanner a little memory.
     */
    static final int MAX_SCAN_DEPTH = 100_000;

    /** Finds the elements of the array; binds nothing. */
    private static final JsonFactory SCANNER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_SCAN_DEPTH)
                    .build())
            .build();

    private final ObjectMapper mapper = recordMapper();
    private final RecordValidator validator;
    private final int maxRecordBytes;
    private final int maxBatchRecords;

    @Inject
    CallBatchParser(LoggingConfig config) {
        this(
                new RecordValidator(
                        config.ingest(), Duration.ofDays(config.retention().days()), Clock.systemUTC()),
                config.ingest().maxRecordBytes(),
                config.ingest().maxBatchRecords());
    }

    CallBatchParser(RecordValidator validator, int maxRecordBytes, int maxBatchRecords) {
        this.validator = validator;
        this.maxRecordBytes = maxRecordBytes;
        this.maxBatchRecords = maxBatchRecords;
    }

    /**
     * The records of a JSON array body; {@link MalformedBatchException} when it is not an array of JSON values.
     * Elements beyond {@code max-batch-records} are only counted: the batch is refused whole (413) by its size, so
     * binding and checking them would be wasted, but the array is still scanned to its end so a malformed one stays a
     * 400.
     */
    public Batch parseArray(byte[] body) {
        Batch batch = new Batch();
        try (JsonParser parser = SCANNER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedBatchException("the body must be a JSON array of call records (or NDJSON with "
                        + "Content-Type application/x-ndjson)");
            }
            int index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new MalformedBatchException("the JSON array is not closed");
                }
                int from = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int to = (int) parser.currentLocation().getByteOffset();
                if (index >= maxBatchRecords) {
                    batch.countUnread();
                    index++;
                } else if (token == JsonToken.START_OBJECT) {
                    batch.add(index++, to - from, () -> mapper.readValue(body, from, to - from, ApiCallRecord.class));
                } else {
                    batch.refuse(index++, "a call record must be a JSON object, not " + kind(token));
                }
            }
        } catch (JsonProcessingException e) {
            throw new MalformedBatchException("the body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new MalformedBatchException("the body could not be read: " + e.getMessage());
        }
        return batch;
    }

    /**
     * The records of an NDJSON body; blank lines are skipped and do not count as records. Lines beyond
     * {@code max-batch-records} are only counted, as in {@link #parseArray}.
     */
    public Batch parseLines(byte[] body) {
        Batch batch = new Batch();
        int index = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int from = start;
                int length = i - start;
                start = i + 1;
                if (isBlank(body, from, length)) {
                    continue;
                }
                if (index >= maxBatchRecords) {
                    batch.countUnread();
                    index++;
                } else {
                    batch.add(index++, length, () -> mapper.readValue(body, from, length, ApiCallRecord.class));
                }
            }
        }
        return batch;
    }

    /** One record from a Kafka message; {@link InvalidRecordException} with the reason when it is not one. */
    public ApiCallRecord parseOne(String json) {
        Batch batch = new Batch();
        batch.add(0, utf8Length(json), () -> mapper.readValue(json, ApiCallRecord.class));
        if (!batch.errors.isEmpty()) {
            throw new InvalidRecordException(batch.errors.get(0).detail());
        }
        return batch.records.get(0);
    }

    /** The event mapper, refusing documents nested deeper than a record can be. */
    private static ObjectMapper recordMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_RECORD_DEPTH)
                        .build())
                .build();
        return EventJson.configure(JsonMapper.builder(factory).build());
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }

    /** A parse error's message and, when Jackson knows it, where it happened (constraint errors have no location). */
    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "nested deeper than " + MAX_SCAN_DEPTH + " levels";
        }
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage();
        return location == null
                ? message
                : message + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static boolean isBlank(byte[] body, int from, int length) {
        for (int i = from; i < from + length; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Bytes of {@code text} in UTF-8, counted without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Reads one record. */
    @FunctionalInterface
    private interface RecordReader {
        ApiCallRecord read() throws IOException;
    }

    /** The valid records of a batch and, by index, why the others were refused. */
    public final class Batch {

        private final List<ApiCallRecord> records = new ArrayList<>();
        private final List<Integer> indexes = new ArrayList<>();
        private final List<RecordError> errors = new ArrayList<>();
        /** Records beyond the batch limit, neither bound nor checked: only their number is needed, for the 413. */
        private int unread;

        public List<ApiCallRecord> records() {
            return records;
        }

        public List<RecordError> errors() {
            return errors;
        }

        /** The index in the batch of each of {@link #records()}. */
        public int indexOf(int position) {
            return indexes.get(position);
        }

        /** Records in the batch, valid or not: each one within the limit is either a record or an error. */
        public int size() {
            return records.size() + errors.size() + unread;
        }

        private void countUnread() {
            unread++;
        }

        private void refuse(int index, String detail) {
            errors.add(new RecordError(index, detail));
        }

        private void add(int index, int bytes, RecordReader reader) {
            if (bytes > maxRecordBytes) {
                refuse(index, "the record is " + bytes + " bytes, over the limit of " + maxRecordBytes);
                return;
            }
            String problem;
            ApiCallRecord record = null;
            try {
                record = reader.read();
                problem = record == null ? "a call record must be a JSON object, not null" : validator.problem(record);
            } catch (ValueInstantiationException e) {
                // the record's own invariant, e.g. "status must be an HTTP status (100-599): 42"
                Throwable cause = e.getCause() == null ? e : e.getCause();
                problem = cause.getMessage() == null ? e.getOriginalMessage() : cause.getMessage();
            } catch (StreamConstraintsException e) {
                problem = "the record is nested deeper than " + MAX_RECORD_DEPTH + " levels";
            } catch (MismatchedInputException e) {
                problem = e.getOriginalMessage() + pathOf(e);
            } catch (JsonProcessingException e) {
                problem = "not valid JSON: " + e.getOriginalMessage();
            } catch (IOException | RuntimeException e) {
                // a record must never fail more than itself, whatever a binding or a check throws
                problem = e.getMessage() == null
                        ? "not a call record (" + e.getClass().getSimpleName() + ")"
                        : e.getMessage();
            }
            if (problem != null) {
                refuse(index, problem);
            } else {
                records.add(record);
                indexes.add(index);
            }
        }

        private static String pathOf(MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                return "";
            }
            StringBuilder path = new StringBuilder(" (at ");
            e.getPath()
                    .forEach(reference -> path.append(
                            reference.getFieldName() != null
                                    ? "/" + reference.getFieldName()
                                    : "/" + reference.getIndex()));
            return path.append(')').toString();
        }
    }

    /**
     * Why one record was refused.
     *
     * @param index  position of the record in the batch, from 0 (NDJSON: among non-blank lines)
     * @param detail what is wrong with it
     */
    public record RecordError(int index, String detail) {}

    /** The body cannot be read as records at all. */
    public static final class MalformedBatchException extends RuntimeException {
        MalformedBatchException(String message) {
            super(message);
        }
    }

    /** A single record (from Kafka) is not a valid call record. */
    public static final class InvalidRecordException extends RuntimeException {
        InvalidRecordException(String message) {
            super(message);
        }
    }
}
