package io.bgtasks.inmemory;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status store stays within its bounds, evicting by last change, and lets only finished tasks expire. */
class InMemoryStatusStoreTest {

    private static InMemoryStatusStore store(int maxEntries, Duration retention) {
        InMemoryConfiguration configuration = new InMemoryConfiguration();
        configuration.setStatusMaxEntries(maxEntries);
        configuration.setStatusRetention(retention);
        return new InMemoryStatusStore(configuration, new InMemoryStatusChanges());
    }

    private static TaskBatch batch(String id) {
        return new TaskBatch(id, List.of(new TaskCall(id + ".0", "T#run", "[]", null, null)), Instant.now());
    }

    @Test
    void evictsTheLeastRecentlyChangedTaskFirst() {
        InMemoryStatusStore store = store(3, Duration.ofHours(1));
        for (String id : List.of("a", "b", "c")) {
            assertTrue(store.queuedIfNew(batch(id)));
        }
        store.update("a.0", s -> s.running(Instant.now())); // a is now the newest change
        assertTrue(store.queuedIfNew(batch("d")));          // one too many: b, the oldest change, goes

        assertTrue(store.find("a.0").isPresent(), "a was changed last but one");
        assertFalse(store.find("b.0").isPresent(), "b was the least recently changed");
        assertTrue(store.find("c.0").isPresent());
        assertTrue(store.find("d.0").isPresent());
        assertEquals(TaskState.RUNNING, store.find("a.0").map(TaskStatus::state).orElseThrow());
    }

    @Test
    void onlyFinishedTasksExpire() throws InterruptedException {
        InMemoryStatusStore store = store(100, Duration.ofMillis(50));
        store.queuedIfNew(batch("done"));
        store.queuedIfNew(batch("slow"));
        store.update("done.0", s -> s.finished(TaskState.SUCCEEDED, null, Instant.now()));
        store.update("slow.0", s -> s.running(Instant.now()));
        Thread.sleep(120);
        store.queuedIfNew(batch("next")); // a change sweeps expired entries from the oldest end

        assertFalse(store.find("done.0").isPresent(), "a finished task expires after the retention");
        assertTrue(store.find("slow.0").isPresent(), "a running task stays however long it takes");
        assertFalse(store.queuedIfNew(batch("slow")), "a known batch is not queued again");
    }
}
