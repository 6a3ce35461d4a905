package io.bgtasks.inmemory;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Task statuses of this JVM, bounded in size and age so that a busy server does not grow without limit.
 * Entries are kept in order of last change: the oldest is the first to expire or to be evicted.
 */
@Singleton
@Requires(condition = InMemoryBackend.class)
final class InMemoryStatusStore implements TaskStatusQuery {
    /** changedAt in epoch milliseconds: comparing longs, each write no longer allocates two {@link Instant}s */
    private record Entry(TaskStatus status, long changedAt) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final InMemoryConfiguration configuration;
    private final InMemoryStatusChanges changes;
    private final Clock clock = Clock.systemUTC();

    InMemoryStatusStore(InMemoryConfiguration configuration, InMemoryStatusChanges changes) {
        this.configuration = configuration;
        this.changes = changes;
    }

    @Override
    public synchronized Optional<TaskStatus> find(String taskId) {
        Entry e = entries.get(taskId);
        if (e == null || expired(e, clock.millis())) {
            return Optional.empty();
        }
        return Optional.of(e.status());
    }

    /**
     * @param batch a batch
     * @return whether its statuses are recorded: always, unless {@code bgtasks.inmemory.keep-statuses} is false and
     *         the batch has no idempotency key (a keyed batch's record is what recognizes a repeated key)
     */
    boolean keeps(TaskBatch batch) {
        return configuration.isKeepStatuses() || TaskIds.isFromKey(batch.id());
    }

    /**
     * Records every task of a newly handed-off batch as queued (nothing when {@link #keeps} says no).
     *
     * @return false when this batch is already known (submitted again with the same idempotency key)
     */
    synchronized boolean queuedIfNew(TaskBatch batch) {
        if (!keeps(batch)) {
            return true;
        }
        long now = clock.millis();
        Entry known = entries.get(batch.calls().get(0).id());
        if (known != null && !expired(known, now)) {
            return false;
        }
        for (TaskCall call : batch.calls()) {
            TaskStatus queued = TaskStatus.queued(call.id(), call.name(), batch.id(), batch.createdAt());
            put(batch.startAt() == null ? queued : queued.delayedUntil(batch.startAt()), now);
        }
        changes.changed(batch.id());
        return true;
    }

    /** Applies a change to a task's status (ignored when its record was evicted). */
    synchronized TaskStatus update(String taskId, UnaryOperator<TaskStatus> change) {
        Entry e = entries.get(taskId);
        if (e == null) {
            return null;
        }
        TaskStatus next = change.apply(e.status());
        put(next, clock.millis());
        changes.changed(next.batchId());
        return next;
    }

    private void put(TaskStatus status, long now) {
        entries.putLast(status.id(), new Entry(status, now)); // moves a known task to the end: newest change last
        // the oldest first; an iterator, because firstEntry() and pollFirstEntry() allocate a copy of each entry
        Iterator<Entry> oldest = entries.values().iterator();
        while (oldest.hasNext()) {
            Entry e = oldest.next();
            if (entries.size() > configuration.getStatusMaxEntries() || expired(e, now)) {
                oldest.remove();
            } else {
                break;
            }
        }
    }

    /** Only finished tasks expire: a long-running task stays visible however long it takes. */
    private boolean expired(Entry e, long now) {
        return e.status().state().isFinal() && e.changedAt() + configuration.getStatusRetention().toMillis() < now;
    }
}
