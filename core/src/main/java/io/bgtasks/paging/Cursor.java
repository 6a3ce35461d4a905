package io.bgtasks.paging;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a listing ordered by time, then id, both descending: the page after it holds what is strictly older
 * (an earlier time, or the same time and a smaller id). Given out as base64url of {@code <instant> <id>}, so clients
 * treat it as opaque; the full instant is kept because some stores hold finer times than milliseconds.
 *
 * @param at the time of the last item of the page before
 * @param id the id of that item
 */
public record Cursor(Instant at, String id) implements Comparable<Cursor> {
    private static final int MAX_ID = 200;

    /** @return this position as the opaque text a page gives out */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + " " + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param text a cursor from {@link KeysetPage#next()}, or null or blank for the first page
     * @return the position, or null for the first page
     * @throws InvalidCursorException when the text is not a cursor a listing gave out
     */
    public static @Nullable Cursor decode(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8);
            int space = plain.indexOf(' ');
            String id = space < 0 ? "" : plain.substring(space + 1);
            if (id.isEmpty() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidCursorException();
            }
            return new Cursor(Instant.parse(plain.substring(0, space)), id);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidCursorException();
        }
    }

    /** Newest first: a later time comes first, and of one time the larger id. */
    @Override
    public int compareTo(Cursor other) {
        int byTime = other.at.compareTo(at);
        return byTime != 0 ? byTime : other.id.compareTo(id);
    }
}
