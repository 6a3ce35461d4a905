package io.bgtasks.contract;

import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Walks a keyset listing page by page and checks what every page owes: newest first, no item twice. */
final class KeysetWalk {
    private KeysetWalk() {
    }

    /**
     * @param first    reads the page after a cursor (null: the first)
     * @param position an item's position
     * @param id       an item's id
     * @param between  runs between two pages (e.g. lets more tasks finish meanwhile)
     * @return the ids of every item of every page, in the order listed
     */
    static <T> List<String> all(Function<String, KeysetPage<T>> first, Function<T, Cursor> position,
                                Function<T, String> id, Runnable between) {
        List<String> seen = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        Cursor last = null;
        String after = null;
        for (int pages = 0; pages < 1000; pages++) {
            KeysetPage<T> page = first.apply(after);
            for (T item : page.items()) {
                Cursor at = position.apply(item);
                assertTrue(last == null || at.compareTo(last) > 0, "newest first: " + at + " listed after " + last);
                last = at;
                assertTrue(unique.add(id.apply(item)), "listed twice: " + id.apply(item));
                seen.add(id.apply(item));
            }
            if (page.next() == null) {
                return seen;
            }
            after = page.next();
            between.run();
        }
        throw new AssertionError("more than 1000 pages");
    }
}
