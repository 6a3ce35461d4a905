package io.bgtasks.paging;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Builds keyset pages from what a store read after a cursor. */
public final class Pages {
    /** The most items one page may hold, whatever a client asks for. */
    public static final int MAX_LIMIT = 1000;

    private Pages() {
    }

    /**
     * @param limit what a client asked for
     * @return the limit within 1 and {@link #MAX_LIMIT}
     */
    public static int limit(int limit) {
        return Math.clamp(limit, 1, MAX_LIMIT);
    }

    /**
     * Merges sources that were each read newest first after the same cursor, at most {@code limit + 1} items each
     * (the one more tells whether an older page exists), into one page.
     *
     * @param limit   the page size
     * @param key     the position of an item
     * @param sources the items of each source, newest first
     * @param <T>     the listed type
     * @return the newest {@code limit} items of all sources, and the cursor after the last one when more exist
     */
    @SafeVarargs
    public static <T> KeysetPage<T> newestFirst(int limit, Function<T, Cursor> key, List<T>... sources) {
        List<T> all = new ArrayList<>();
        for (List<T> source : sources) {
            all.addAll(source);
        }
        all.sort(Comparator.comparing(key));
        if (all.size() <= limit) {
            return new KeysetPage<>(List.copyOf(all), null);
        }
        List<T> page = List.copyOf(all.subList(0, limit));
        return new KeysetPage<>(page, key.apply(page.getLast()).encode());
    }

    /**
     * @param cursor a position, or null for the first page
     * @param item   an item's position
     * @return whether the item belongs after the cursor (is older)
     */
    public static boolean after(@Nullable Cursor cursor, Cursor item) {
        return cursor == null || item.compareTo(cursor) > 0;
    }
}
