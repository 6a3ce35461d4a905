package io.bgtasks.jobrunr;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long a stored batch waits for JobRunr's worker without instant pickup (the fallback when it fails, and
 * {@code bgtasks.jobrunr.instant-pickup=false}): at most one poll interval (5 s, the default and the minimum),
 * measured from {@code submit} returning (the moment a request's 2xx may go out) to the task starting, and printed.
 * {@link JobRunrInstantPickupTest} measures the pickup with it.
 *
 * <p>Isolated: the bound is about this backend's poll, not about how busy the other tests keep the machine.
 */
@Isolated
class JobRunrPickUpLatencyTest {

    @Test
    void pickUpLatencyIsBoundedByThePollInterval() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath(), "bgtasks.jobrunr.instant-pickup", "false"))) {
            TaskSubmitter submitter = context.getBean(TaskSubmitter.class);
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String key = UUID.randomUUID().toString();
                submitter.submit(t -> t.addTask(TestTasks::record, key, "picked-up"));
                long stored = System.nanoTime();
                List<Recorder.Event> events = Recorder.await(key, 1, Duration.ofSeconds(20));
                assertEquals(1, events.size());
                latencies.add((events.get(0).nanos() - stored) / 1_000_000);
                Thread.sleep(300 + i * 700L); // spread the submissions over the poll cycle
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf("jobrunr pickup latency (stored -> task start), poll interval 5 s: %s ms; min %d, median %d, max %d%n",
                latencies, sorted.get(0), (sorted.get(2) + sorted.get(3)) / 2, sorted.get(5));
            assertTrue(sorted.get(5) < 5_000 + 2_000, "bounded by the poll interval (plus slack): " + latencies);
        }
    }
}
