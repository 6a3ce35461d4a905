package io.bgtasks.paging;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of a listing that is read newest first.
 *
 * @param items this page, newest first
 * @param next  the cursor to pass as {@code after} for the next (older) page, or null when this is the last page
 * @param <T>   the listed type
 */
@Serdeable
public record KeysetPage<T>(List<T> items, @Nullable String next) {

    /**
     * @param <T> the listed type
     * @return a page without items and without a next page
     */
    public static <T> KeysetPage<T> empty() {
        return new KeysetPage<>(List.of(), null);
    }
}
