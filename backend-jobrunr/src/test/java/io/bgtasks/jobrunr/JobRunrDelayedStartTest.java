package io.bgtasks.jobrunr;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How late a delayed batch starts: JobRunr moves a scheduled job to the queue at its polls, up to one poll interval
 * early (bgtasks' worker then waits out the rest), so a batch starts at its start time or up to about one poll
 * interval after it. Six batches due at points spread over the poll cycle; the lateness is printed. While a batch has
 * not started, its status says so (queued, no attempts, due at its start time), even once JobRunr took it early.
 *
 * <p>Isolated: the bound is about this backend's poll, not about how busy the other tests keep the machine.
 */
@Isolated
class JobRunrDelayedStartTest {
    private static final Duration POLL = JobRunrContract.POLL_INTERVAL;

    @Test
    void aDelayedBatchStartsAtItsStartTimeOrWithinAPollAfterIt() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath(), "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL))) {
            TaskSubmitter submitter = context.getBean(TaskSubmitter.class);
            TaskStatusQuery statuses = context.getBean(TaskStatusQuery.class);
            Instant base = Instant.now().plusSeconds(2);
            List<String> keys = new ArrayList<>();
            List<Instant> starts = new ArrayList<>();
            List<TaskHandle> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String key = UUID.randomUUID().toString();
                Instant startAt = base.plusMillis(i * 1300L); // spread over the poll cycle
                tasks.add(submitter.submit(t -> t.startAt(startAt).addTask(TestTasks::record, key, "started")).get(0));
                keys.add(key);
                starts.add(startAt);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            int checked = 0;
            while (keys.stream().anyMatch(key -> Recorder.events(key).isEmpty()) && System.nanoTime() < deadline) {
                for (int i = 0; i < tasks.size(); i++) {
                    TaskStatus status = statuses.find(tasks.get(i).id()).orElseThrow();
                    if (Instant.now().isBefore(starts.get(i))) {
                        // read before its start time: not started, whatever JobRunr's state
                        assertEquals(TaskState.QUEUED, status.state(), status.toString());
                        assertEquals(0, status.attempts(), status.toString());
                        assertEquals(starts.get(i), status.nextAttemptAt(), status.toString());
                        checked++;
                    }
                }
                Thread.sleep(50);
            }
            List<Long> late = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                List<Recorder.Event> events = Recorder.events(keys.get(i));
                assertEquals(1, events.size(), "batch " + i + " ran once");
                late.add(events.get(0).millis() - starts.get(i).toEpochMilli());
            }
            List<Long> sorted = late.stream().sorted().toList();
            System.out.printf("jobrunr delayed batch start (task start - start time), poll interval %d s: %s ms; min %d, median %d,"
                + " max %d; %d statuses read before the start time%n", POLL.toSeconds(), late, sorted.get(0),
                (sorted.get(2) + sorted.get(3)) / 2, sorted.get(5), checked);
            assertTrue(sorted.get(0) >= 0, "never before its start time: " + late);
            assertTrue(sorted.get(5) < POLL.toMillis() + 2_000, "at most about one poll late: " + late);
        }
    }
}
