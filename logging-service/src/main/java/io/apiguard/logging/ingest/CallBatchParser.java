package io.apiguard.logging.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.json.EventJson;
import io.apiguard.logging.LoggingConfig;

/**
 * Reads a batch of call records (a JSON array, or NDJSON: one record per line) and checks each record on its own, so
 * one bad record costs only itself. A body that is not JSON at all cannot be split into records and fails whole.
 */
@ApplicationScoped
public class CallBatchParser {

    private final ObjectMapper mapper = EventJson.mapper();
    private final Duration maxClockSkew;
    private final Clock clock;

    @Inject
    CallBatchParser(LoggingConfig config) {
        this(config.ingest().maxClockSkew(), Clock.systemUTC());
    }

    CallBatchParser(Duration maxClockSkew, Clock clock) {
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    /** The records of a JSON array body; {@link MalformedBatchException} when it is not an array of JSON values. */
    public Batch parseArray(byte[] body) {
        Batch batch = new Batch();
        Instant latest = latestAllowed();
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedBatchException("the body must be a JSON array of call records (or NDJSON with "
                        + "Content-Type application/x-ndjson)");
            }
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new MalformedBatchException("the JSON array is not closed");
                }
                TokenBuffer element = TokenBuffer.asCopyOfValue(parser);
                batch.add(index++, () -> mapper.readValue(element.asParser(mapper), ApiCallRecord.class), latest);
            }
        } catch (JsonProcessingException e) {
            throw new MalformedBatchException("the body is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new MalformedBatchException("the body could not be read: " + e.getMessage());
        }
        return batch;
    }

    /** The records of an NDJSON body; blank lines are skipped and do not count as records. */
    public Batch parseLines(byte[] body) {
        Batch batch = new Batch();
        Instant latest = latestAllowed();
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
                batch.add(index++, () -> mapper.readValue(body, from, length, ApiCallRecord.class), latest);
            }
        }
        return batch;
    }

    /** One record from a Kafka message; {@link InvalidRecordException} with the reason when it is not one. */
    public ApiCallRecord parseOne(String json) {
        Batch batch = new Batch();
        batch.add(0, () -> mapper.readValue(json, ApiCallRecord.class), latestAllowed());
        if (!batch.errors.isEmpty()) {
            throw new InvalidRecordException(batch.errors.get(0).detail());
        }
        return batch.records.get(0);
    }

    private Instant latestAllowed() {
        return clock.instant().plus(maxClockSkew);
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

    /** Reads one record. */
    @FunctionalInterface
    private interface RecordReader {
        ApiCallRecord read() throws IOException;
    }

    /** The valid records of a batch and, by index, why the others were refused. */
    public static final class Batch {

        private final List<ApiCallRecord> records = new ArrayList<>();
        private final List<RecordError> errors = new ArrayList<>();
        private int size;

        public List<ApiCallRecord> records() {
            return records;
        }

        public List<RecordError> errors() {
            return errors;
        }

        /** Records in the batch, valid or not. */
        public int size() {
            return size;
        }

        private void add(int index, RecordReader reader, Instant latestAllowed) {
            size++;
            try {
                ApiCallRecord record = reader.read();
                if (record == null) {
                    errors.add(new RecordError(index, "a call record must be a JSON object, not null"));
                } else if (record.timestamp().isAfter(latestAllowed)) {
                    errors.add(new RecordError(index, "timestamp " + record.timestamp()
                            + " lies in the future beyond the allowed clock skew"));
                } else {
                    records.add(record);
                }
            } catch (ValueInstantiationException e) {
                // the record's own invariant, e.g. "status must be an HTTP status (100-599): 42"
                Throwable cause = e.getCause() == null ? e : e.getCause();
                errors.add(new RecordError(index, cause.getMessage()));
            } catch (MismatchedInputException e) {
                errors.add(new RecordError(index, e.getOriginalMessage() + pathOf(e)));
            } catch (JsonProcessingException e) {
                errors.add(new RecordError(index, "not valid JSON: " + e.getOriginalMessage()));
            } catch (IOException | RuntimeException e) {
                errors.add(new RecordError(index, e.getMessage()));
            }
        }

        private static String pathOf(MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                return "";
            }
            StringBuilder path = new StringBuilder(" (at ");
            e.getPath().forEach(reference -> path.append(reference.getFieldName() != null
                    ? "/" + reference.getFieldName() : "/" + reference.getIndex()));
            return path.append(')').toString();
        }
    }

    /**
     * Why one record was refused.
     *
     * @param index  position of the record in the batch, from 0 (NDJSON: among non-blank lines)
     * @param detail what is wrong with it
     */
    public record RecordError(int index, String detail) {
    }

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
