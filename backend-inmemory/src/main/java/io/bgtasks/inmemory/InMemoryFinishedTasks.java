package io.bgtasks.inmemory;

import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.paging.Pages;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The batches of this JVM that finished, in a map sorted newest first, so a page is a sub-map after the cursor:
 * O(log n + page). Kept within the same bounds as the statuses (status-retention, status-max-entries), so it lists
 * what {@code GET /tasks/{id}} can still show.
 */
@Singleton
@Requires(condition = InMemoryBackend.class)
final class InMemoryFinishedTasks implements FinishedTasks {
    private final TreeMap<Cursor, FinishedBatch> finished = new TreeMap<>();
    private final InMemoryConfiguration configuration;
    private final Clock clock = Clock.systemUTC();

    InMemoryFinishedTasks(InMemoryConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * Records a batch that reached its end.
     *
     * @param batch       the batch
     * @param failedIndex the step that failed for good, or -1 when every step succeeded
     * @param error       the failure, or null
     * @param at          when it finished
     */
    synchronized void finished(TaskBatch batch, int failedIndex, @Nullable String error, Instant at) {
        List<TaskCall> calls = batch.calls();
        String[] ids = new String[calls.size()];
        String[] names = new String[calls.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = calls.get(i).id();
            names[i] = calls.get(i).name();
        }
        FinishedBatch item = new FinishedBatch(batch.id(), failedIndex < 0 ? Outcome.SUCCEEDED : Outcome.FAILED, at,
            List.of(ids), List.of(names), failedIndex < 0 ? null : ids[failedIndex], error);
        finished.put(item.position(), item);
        // the oldest are last in this order
        for (Map.Entry<Cursor, FinishedBatch> oldest = finished.lastEntry(); oldest != null; oldest = finished.lastEntry()) {
            if (finished.size() > configuration.getStatusMaxEntries() || expired(oldest.getValue(), at)) {
                finished.pollLastEntry();
            } else {
                break;
            }
        }
    }

    @Override
    public synchronized KeysetPage<FinishedBatch> recent(Outcome outcome, @Nullable String after, int limit) {
        Cursor cursor = Cursor.decode(after);
        int size = Pages.limit(limit);
        NavigableMap<Cursor, FinishedBatch> older = cursor == null ? finished : finished.tailMap(cursor, false);
        Instant now = clock.instant();
        List<FinishedBatch> items = new ArrayList<>(size + 1);
        // a filtered page walks past the other outcome's entries; the map holds at most status-max-entries of them
        for (FinishedBatch batch : older.values()) {
            if (expired(batch, now)) {
                break;
            }
            if (outcome == Outcome.ALL || batch.outcome() == outcome) {
                items.add(batch);
                if (items.size() > size) {
                    break;
                }
            }
        }
        return Pages.newestFirst(size, FinishedBatch::position, items);
    }

    private boolean expired(FinishedBatch batch, Instant now) {
        return batch.finishedAt().plus(configuration.getStatusRetention()).isBefore(now);
    }
}
