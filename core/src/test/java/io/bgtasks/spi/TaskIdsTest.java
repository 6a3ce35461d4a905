package io.bgtasks.spi;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskIdsTest {
    @Test
    void idsAreVersion7UniqueAndTimeOrdered() throws Exception {
        Set<String> seen = new HashSet<>();
        String previous = TaskIds.next();
        for (int i = 0; i < 10_000; i++) {
            String id = TaskIds.next();
            assertTrue(seen.add(id));
            assertEquals(7, UUID.fromString(id).version());
            assertEquals(2, UUID.fromString(id).variant());
        }
        Thread.sleep(2);
        assertTrue(TaskIds.next().compareTo(previous) > 0, "a later id sorts after an earlier one");
    }

    @Test
    void idsFromBufferedBytesStayUniqueAcrossPlatformAndVirtualThreads() throws Exception {
        // each platform thread has its own buffer, virtual threads share one: no byte may be handed out twice
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int perThread = 2_000; // several refills of a 256-id buffer
        try (ExecutorService platform = Executors.newFixedThreadPool(4);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                all.add(platform.submit(() -> draw(seen, perThread)));
                all.add(virtual.submit(() -> draw(seen, perThread)));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertEquals(8 * perThread, seen.size());
    }

    private static void draw(Set<String> seen, int n) {
        for (int i = 0; i < n; i++) {
            String id = TaskIds.next();
            assertEquals(7, UUID.fromString(id).version());
            assertTrue(seen.add(id), "duplicate id " + id);
        }
    }

    @Test
    void keyedBatchIdsAreToldApartFromNewOnes() {
        assertTrue(TaskIds.isFromKey(TaskIds.fromKey("order-42")));
        assertFalse(TaskIds.isFromKey(TaskIds.next()));
    }
}
