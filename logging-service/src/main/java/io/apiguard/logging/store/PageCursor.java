package io.apiguard.logging.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a newest-first search ends: the last item's time and id, the keyset the next page starts after.
 * Opaque to clients (base64url of both), so the encoding may change without breaking anyone who only passes it back.
 *
 * @param at the last item's time
 * @param id the last item's id, which orders items of the same time
 */
public record PageCursor(Instant at, UUID id) {

    /** The form a client receives as {@code nextCursor}. */
    public String encode() {
        String plain = at + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@code encoded} stands for; IllegalArgumentException when it is not one of ours, with a message that
     * does not quote the value: the caller adds it, abbreviated as in its other messages.
     */
    public static PageCursor decode(String encoded) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            return new PageCursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor is not a cursor this API returned", e);
        }
    }
}
