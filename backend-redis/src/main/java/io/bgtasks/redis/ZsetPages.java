package io.bgtasks.redis;

import io.bgtasks.paging.Cursor;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads keyset pages of a sorted set whose scores are times in ms ({@code P:done}, {@code P:dead}) with
 * {@code page.lua}: O(log n + page) however deep the cursor is.
 */
@Singleton
final class ZsetPages {
    /** A member of the set and its score as a time. */
    record Entry(String member, Instant at) {
        Cursor position() {
            return new Cursor(at, member);
        }
    }

    private final RedisConnection redis;

    ZsetPages(RedisConnection redis) {
        this.redis = redis;
    }

    /**
     * @param key    the sorted set
     * @param cursor the position to read after, or null for the newest
     * @param count  the most entries to read
     * @return the entries strictly after the cursor, newest first
     */
    List<Entry> after(String key, @Nullable Cursor cursor, int count) {
        // a cursor holds the full instant; the set's scores are whole ms, which is what the cursor was made from
        String score = cursor == null ? "" : Long.toString(cursor.at().toEpochMilli());
        Object reply = redis.script("page", List.of(key),
            List.of(score, cursor == null ? "" : cursor.id(), Integer.toString(count)));
        List<?> flat = reply instanceof List<?> l ? l : List.of();
        List<Entry> entries = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            entries.add(new Entry(RedisConnection.text(flat.get(i)), time(RedisConnection.text(flat.get(i + 1)))));
        }
        return entries;
    }

    // scores are whole ms; one an operator wrote as a fraction or an infinity still reads as a time
    private static Instant time(String score) {
        double ms = Double.parseDouble(score.replace("inf", "Infinity"));
        return Instant.ofEpochMilli((long) ms);
    }
}
