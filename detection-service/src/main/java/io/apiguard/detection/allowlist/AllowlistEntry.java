package io.apiguard.detection.allowlist;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

import io.apiguard.common.events.WireValue;
import io.apiguard.detection.engine.Allowlist;

/**
 * One allowlist entry as {@code GET /api/v1/allowlist} shows it: while active, {@code type} is not raised for
 * {@code incidentKey}. Every actor field comes from a verified token.
 *
 * @param id          the entry's id (what {@code DELETE /api/v1/allowlist/{id}} names)
 * @param type        the detection type it suppresses
 * @param incidentKey the subject, or {@code ip:<address>} for an address-keyed detection
 * @param detectionId the detection whose false-positive verdict created it
 * @param reason      the operator's reason
 * @param createdBy   who marked the false positive; null only for entries from before verdicts were attributed
 * @param createdAt   when
 * @param expiresAt   when it stops suppressing
 * @param withdrawnBy who withdrew it, if anyone
 * @param withdrawnAt when
 * @param state       {@code active}, {@code expired} or {@code withdrawn}, as of the answer
 */
public record AllowlistEntry(
        String id,
        String type,
        String incidentKey,
        String detectionId,
        String reason,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        String withdrawnBy,
        Instant withdrawnAt,
        State state) {

    /** Where an entry stands. */
    @Schema(name = "AllowlistEntryState")
    public enum State implements WireValue {
        ACTIVE("active"),
        EXPIRED("expired"),
        WITHDRAWN("withdrawn");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }

        /** The state of an entry with these facts at {@code now}. */
        public static State of(Instant expiresAt, Instant withdrawnAt, Instant now) {
            if (withdrawnAt != null) {
                return WITHDRAWN;
            }
            return expiresAt.isAfter(now) ? ACTIVE : EXPIRED;
        }

        /** The state spelled {@code wire}, if any. */
        public static Optional<State> parse(String wire) {
            return Arrays.stream(values())
                    .filter(state -> state.wire.equals(wire))
                    .findFirst();
        }
    }

    /** The engine's view of it. */
    public Allowlist.Entry toEngine() {
        return new Allowlist.Entry(id, type, incidentKey, expiresAt);
    }
}
