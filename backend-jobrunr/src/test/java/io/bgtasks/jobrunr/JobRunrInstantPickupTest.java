package io.bgtasks.jobrunr;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instant pickup ({@code bgtasks.jobrunr.instant-pickup}, on by default): with a poll interval of 30 s, an idle
 * worker starts each of 20 tasks stored one at a time within {@link #BOUND_MS}, whether this process stored it
 * (H2 and PostgreSQL) or another JVM did (PostgreSQL, LISTEN/NOTIFY). The poll cannot pass these tests: after
 * the warm-up task (which the server's first poll, 1 s after its start, may take) the next poll is 30 s away. With
 * the switch off the same wait fails, which the last test shows.
 *
 * <p>Isolated: the bound is about the pickup, not about how busy the other tests keep the machine.
 */
@Isolated
class JobRunrInstantPickupTest {
    private static final String POLL = "30s";
    /** Far below the poll interval, generous for a shared machine: the pickups measured here are milliseconds. */
    private static final long BOUND_MS = 2_000;
    private static final int TASKS = 20;

    @Test
    void aTaskStoredInThisProcessOnH2StartsAtOnce() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(h2(true))) {
            TaskSubmitter submitter = context.getBean(TaskSubmitter.class);
            warmUp(submitter);
            assertAllWithinBound("h2, same process", sameProcess(submitter));
        }
    }

    @Test
    @Timeout(180) // a producer JVM that hangs must not hang the build
    void aTaskStoredOnPostgresByThisOrAnotherProcessStartsAtOnce() throws Exception {
        TestPostgres postgres = TestPostgres.start();
        String prefix = "pickup_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        try (ApplicationContext worker = ApplicationContext.run(postgres(postgres, prefix))) {
            TaskSubmitter submitter = worker.getBean(TaskSubmitter.class);
            warmUp(submitter);
            assertAllWithinBound("postgres, same process", sameProcess(submitter));
            assertAllWithinBound("postgres, another JVM", otherJvm(postgres, prefix));
        } finally {
            postgres.stop();
        }
    }

    @Test
    void withInstantPickupOffATaskWaitsForThePoll() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(h2(false))) {
            TaskSubmitter submitter = context.getBean(TaskSubmitter.class);
            warmUp(submitter);
            String key = UUID.randomUUID().toString();
            submitter.submit(t -> t.addTask(TestTasks::record, key, "picked-up"));
            assertEquals(List.of(), Recorder.await(key, 1, Duration.ofMillis(BOUND_MS)),
                "without instant pickup the task waits for the next poll, 30 s away");
        }
    }

    private static Map<String, Object> h2(boolean instant) {
        return Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath(),
            "bgtasks.jobrunr.poll-interval", POLL,
            "bgtasks.jobrunr.instant-pickup", String.valueOf(instant));
    }

    private static Map<String, Object> postgres(TestPostgres postgres, String prefix) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bgtasks.backend", "jobrunr");
        properties.put("bgtasks.jobrunr.jdbc-url", postgres.url);
        properties.put("bgtasks.jobrunr.username", postgres.user);
        properties.put("bgtasks.jobrunr.password", postgres.password);
        properties.put("bgtasks.jobrunr.table-prefix", prefix); // tables of this test only
        properties.put("bgtasks.jobrunr.poll-interval", POLL);
        return properties;
    }

    /** One task the server's first poll may take (it is not announced before): afterwards the poll is 30 s away. */
    private static void warmUp(TaskSubmitter submitter) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        submitter.submit(t -> t.addTask(TestTasks::record, key, "warm-up"));
        assertEquals(1, Recorder.await(key, 1, Duration.ofSeconds(15)).size(), "the warm-up task ran");
        settle();
    }

    /**
     * Waits until the worker that ran the last task has finished looking for more: JobRunr's worker does that after
     * every job, and a task stored meanwhile would be picked up by that look, not by instant pickup.
     */
    private static void settle() throws InterruptedException {
        Thread.sleep(200);
    }

    /**
     * @return per task, milliseconds from {@code submit} returning to the task starting (below zero when the worker
     *         started it before the submitting thread ran on)
     */
    private static List<Long> sameProcess(TaskSubmitter submitter) throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String key = UUID.randomUUID().toString();
            submitter.submit(t -> t.addTask(TestTasks::record, key, "picked-up"));
            long stored = System.nanoTime();
            List<Recorder.Event> events = Recorder.await(key, 1, Duration.ofMillis(BOUND_MS));
            latencies.add(events.isEmpty() ? Long.MAX_VALUE : (events.get(0).nanos() - stored) / 1_000_000);
            settle();
        }
        return latencies;
    }

    /**
     * A web-only process in a JVM of its own ({@link PickupProducer}) stores the tasks; this JVM's worker runs them.
     *
     * @return per task, milliseconds from the other JVM's {@code submit} returning to the task starting (wall clock,
     *         the same machine's)
     */
    private static List<Long> otherJvm(TestPostgres postgres, String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process producer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            PickupProducer.class.getName(), postgres.url, postgres.user, postgres.password, prefix)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(producer.getInputStream(), StandardCharsets.UTF_8));
             PrintStream in = new PrintStream(producer.getOutputStream(), true, StandardCharsets.UTF_8)) {
            assertEquals("ready", nextLine(out, "ready"), "the producer JVM started");
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String key = UUID.randomUUID().toString();
                in.println(key);
                String[] stored = nextLine(out, "stored ").split(" ");
                assertEquals(key, stored[1]);
                List<Recorder.Event> events = Recorder.await(key, 1, Duration.ofMillis(BOUND_MS));
                latencies.add(events.isEmpty() ? Long.MAX_VALUE : events.get(0).millis() - Long.parseLong(stored[2]));
                settle();
            }
            return latencies;
        } finally {
            producer.destroy();
            if (!producer.waitFor(10, TimeUnit.SECONDS)) {
                producer.destroyForcibly();
            }
        }
    }

    /** The producer's next line that starts with {@code start} (its log lines go elsewhere, but be safe). */
    private static String nextLine(BufferedReader out, String start) throws Exception {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new AssertionError("the producer JVM ended before printing " + start.strip());
    }

    private static void assertAllWithinBound(String where, List<Long> latencies) {
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf("jobrunr instant pickup (%s, poll %s, stored -> task start): %s ms; median %d, max %d%n",
            where, POLL, latencies, sorted.get(sorted.size() / 2), sorted.getLast());
        assertTrue(sorted.getLast() <= BOUND_MS, where + ": every task starts within " + BOUND_MS + " ms, far below the "
            + POLL + " poll: " + latencies);
    }
}
