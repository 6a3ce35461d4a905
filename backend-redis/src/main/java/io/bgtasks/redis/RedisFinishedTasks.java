package io.bgtasks.redis;

import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.paging.Pages;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;

/**
 * Finished batches in Redis: the succeeded ones from {@code P:done} (finish time → id, kept within the status
 * retention and count bound together with their lean records), the failed ones from the dead-letter set
 * {@code P:dead}. Each page reads at most one page plus one of each set after the cursor, and merges them.
 */
@Singleton
final class RedisFinishedTasks implements FinishedTasks {
    private record Raw(ZsetPages.Entry entry, boolean failed) {
    }

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final ZsetPages pages;
    private final RedisDeadLetters deadLetters;

    RedisFinishedTasks(RedisConnection redis, RedisKeys keys, ZsetPages pages, RedisDeadLetters deadLetters) {
        this.redis = redis;
        this.keys = keys;
        this.pages = pages;
        this.deadLetters = deadLetters;
    }

    @Override
    public KeysetPage<FinishedBatch> recent(Outcome outcome, @Nullable String after, int limit) {
        Cursor cursor = Cursor.decode(after);
        int size = Pages.limit(limit);
        List<Raw> succeeded = outcome == Outcome.FAILED ? List.of() : read(keys.done, cursor, size, false);
        List<Raw> failed = outcome == Outcome.SUCCEEDED ? List.of() : read(keys.dead, cursor, size, true);
        // the cursor follows the entries read, so an entry that cannot be shown (below) shortens a page but never
        // ends the listing early or repeats
        KeysetPage<Raw> raw = Pages.newestFirst(size, r -> r.entry().position(), succeeded, failed);
        List<FinishedBatch> items = new ArrayList<>(raw.items().size());
        for (Raw r : raw.items()) {
            FinishedBatch item = r.failed() ? failed(r.entry()) : succeeded(r.entry());
            if (item != null) {
                items.add(item);
            }
        }
        return new KeysetPage<>(items, raw.next());
    }

    private List<Raw> read(String key, @Nullable Cursor cursor, int size, boolean failed) {
        return pages.after(key, cursor, size + 1).stream().map(e -> new Raw(e, failed)).toList();
    }

    private FinishedBatch failed(ZsetPages.Entry entry) {
        DeadLetter letter = deadLetters.read(entry.member(), entry.at());
        return new FinishedBatch(letter.batchId(), Outcome.FAILED, letter.failedAt(), letter.taskIds(),
            letter.taskNames(), letter.failedTaskId(), letter.error());
    }

    /**
     * @return the batch from its lean record, or null for an entry that is not a batch id (another program's member)
     *         or whose record is gone or damaged (expired before the next fetch took its id off the set)
     */
    private @Nullable FinishedBatch succeeded(ZsetPages.Entry entry) {
        String id = entry.member();
        if (!TaskIds.isBatchId(id)) {
            return null;
        }
        List<String> fields;
        try {
            fields = redis.client().hmget(keys.batch(id), "s", "m");
        } catch (JedisDataException damaged) {
            return null;
        }
        if (!"ok".equals(fields.get(0)) || fields.get(1) == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name = RedisStatusQuery.stepName(fields.get(1), 0); name != null;
             name = RedisStatusQuery.stepName(fields.get(1), ids.size())) {
            ids.add(TaskIds.taskId(id, ids.size()));
            names.add(name);
        }
        return new FinishedBatch(id, Outcome.SUCCEEDED, entry.at(), ids, names, null, null);
    }
}
