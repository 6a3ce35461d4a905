package io.bgtasks.spi;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
