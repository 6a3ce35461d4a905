package io.bgtasks.app.matrix;

import io.bgtasks.app.matrix.FailureMatrixTest.Backend;
import io.bgtasks.app.support.FileProbeTasks;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.app.support.RecurringProbeTasks;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.app.support.WorkerProcess;
import io.bgtasks.schedule.RecurringScheduler;
import io.bgtasks.spi.TaskIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix's scheduling scenarios, with whole application JVMs: (9) a delayed task across a graceful restart of its
 * only process; (10) a schedule firing every second in three processes on one storage (Redis; JobRunr on PostgreSQL;
 * in memory each process alone), one of them SIGKILLed, then all of them down for ten seconds and one restarted, which
 * fires one of the missed ticks ({@code RUN_ONCE}, the default).
 */
class FailureMatrixScheduleTest {

    private static Map<String, String> storage(Backend backend, Path dir, boolean shared) {
        String namespace = "sch" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return switch (backend) {
            case IN_MEMORY -> Map.of();
            case REDIS -> Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
                "bgtasks.redis.prefix", namespace);
            case JOBRUNR -> shared
                ? Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", JobRunrStores.postgresUrl(),
                    "bgtasks.jobrunr.username", JobRunrStores.postgresUser(),
                    "bgtasks.jobrunr.password", JobRunrStores.postgresPassword(), "bgtasks.jobrunr.table-prefix", namespace)
                : Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", dir.resolve("jobrunr").toAbsolutePath().toString());
        };
    }

    private static Path freshDir(String kind) throws Exception {
        return Files.createDirectories(Path.of("target", kind + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDelayedTaskAcrossARestart(Backend backend) throws Exception {
        Path dir = freshDir("matrix-delayed");
        int port = WorkerProcess.freePort();
        Map<String, String> properties = new HashMap<>(storage(backend, dir, false));
        properties.put("micronaut.server.port", Integer.toString(port));
        properties.put("bgtasks.test.probe-dir", dir.toAbsolutePath().toString());
        Http http = new Http(URI.create("http://127.0.0.1:" + port));
        long startAt;
        try (WorkerProcess first = WorkerProcess.startApp(properties)) {
            first.awaitPort(port, 90_000);
            startAt = System.currentTimeMillis() + 8_000;
            assertEquals(202, http.post("/file-probe/mark-later", "key", "k", "label", "later",
                "startAtMillis", Long.toString(startAt)).status());
            first.stop(30);
        }
        try (WorkerProcess second = WorkerProcess.startApp(properties)) {
            second.awaitPort(port, 90_000);
            if (!backend.durable()) {
                Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()) + 4_000);
                assertEquals(List.of(), FileProbeTasks.lines(dir, "k"), "lost with the process");
                MatrixReport.add(new MatrixRow(SCHEDULED_ACROSS_RESTART, backend.label, "lost",
                    "the timer died with the process; the stop logged the batch as dropped, with its start time"));
                return;
            }
            String line = FileProbeTasks.awaitLine(dir, "k", l -> l.startsWith("later@"), 120_000);
            long late = System.currentTimeMillis() - startAt;
            assertTrue(line.equals("later@" + second.pid()), line);
            MatrixReport.add(new MatrixRow(SCHEDULED_ACROSS_RESTART, backend.label, "ran after the restart",
                "due 8 s after submission, restarted in between; ran about " + (late / 100) / 10.0 + " s after its due time (when seen)"
                    + (backend == Backend.JOBRUNR ? ", within JobRunr's poll" : "")));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRecurringTaskWhileOneOfThreeProcessesIsKilled(Backend backend) throws Exception {
        Path dir = freshDir("matrix-recurring");
        Map<String, String> properties = new HashMap<>(storage(backend, dir, true));
        properties.put("bgtasks.test.recurring-dir", dir.toAbsolutePath().toString());
        List<WorkerProcess> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                processes.add(WorkerProcess.start(properties));
            }
            awaitRuns(dir, 6, 120_000); // the JVMs are up once ticks flow
            Instant from = Instant.now().plusSeconds(2);
            Thread.sleep(10_000);
            processes.get(0).kill();
            Thread.sleep(23_000); // at least 30 ticks in [from, to]
            Instant to = Instant.now().minusSeconds(1);
            for (WorkerProcess p : processes.subList(1, 3)) {
                assertEquals(143, p.stop(30), "stopped by SIGTERM within 30 s");
            }
            Instant down = Instant.now();
            Map<String, Instant> expected = ticks(from, to);

            if (!backend.durable()) {
                // nothing shared: every process fires every tick itself
                Map<String, Long> runs = ran(dir).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                long thrice = expected.keySet().stream().filter(id -> runs.getOrDefault(id, 0L) >= 3).count();
                long twice = expected.keySet().stream().filter(id -> runs.getOrDefault(id, 0L) == 2).count();
                assertTrue(thrice >= 5 && twice >= 10, "ticks run by 3 processes: " + thrice + ", by 2: " + twice);
                MatrixReport.add(new MatrixRow(RECURRING_ONE_OF_THREE_KILLED, backend.label, "each tick ran 2–3 times",
                    "no shared storage: every process fires every tick itself (" + thrice + " ticks ran 3 times, " + twice
                        + " twice after the kill); after an outage nothing is known of the missed ticks"));
                return;
            }

            // ten seconds with no process; the restarted one counts a tick older than one second as missed, and
            // fires the latest of them once (RUN_ONCE, the default)
            Thread.sleep(10_000);
            Map<String, String> restart = new HashMap<>(properties);
            restart.put("bgtasks.scheduling.late-tolerance", "1s");
            Instant restarted = Instant.now();
            WorkerProcess last = WorkerProcess.start(restart);
            processes.add(last);
            // on JobRunr the last ticks' jobs may still wait for a poll: the restarted process runs them
            awaitRuns(dir, expected.keySet(), 120_000);
            awaitRuns(dir, ran(dir).size() + 3, 60_000);
            assertEquals(143, last.stop(30), "stopped by SIGTERM within 30 s");

            List<String> ran = ran(dir);
            assertEquals(ran.size(), Set.copyOf(ran).size(), "a tick ran twice: " + duplicates(ran));
            Map<String, Instant> outage = ticks(down.plusSeconds(1), restarted);
            long outageRan = ran.stream().filter(outage::containsKey).count();
            assertTrue(outageRan <= 1, "RUN_ONCE: at most one tick of the outage ran, " + outageRan + " did");
            String log = Files.readString(last.log());
            assertTrue(log.contains("policy RUN_ONCE fires 1 of them"), "the restart fired one missed tick: " + log);
            MatrixReport.add(new MatrixRow(RECURRING_ONE_OF_THREE_KILLED, backend.label, "each tick ran once",
                expected.size() + " ticks of a 1 s schedule in 3 processes, one SIGKILLed: none lost, none twice; after all were "
                    + "down 10 s the restart fired the latest missed tick once (RUN_ONCE)"));
        } finally {
            for (WorkerProcess p : processes) {
                p.close();
            }
        }
    }

    static final String SCHEDULED_ACROSS_RESTART = "9. a delayed task across a graceful restart";
    static final String RECURRING_ONE_OF_THREE_KILLED = "10. a recurring task while one of three processes is killed";

    /** @return batch id of each whole-second tick of the probe's schedule in [from, to] → the tick */
    private static Map<String, Instant> ticks(Instant from, Instant to) {
        Map<String, Instant> ids = new LinkedHashMap<>();
        for (Instant t = from.truncatedTo(ChronoUnit.SECONDS); !t.isAfter(to); t = t.plusSeconds(1)) {
            if (!t.isBefore(from)) {
                ids.put(TaskIds.fromKey(RecurringScheduler.idempotencyKey(RecurringProbeTasks.SCHEDULE, t)), t);
            }
        }
        return ids;
    }

    /** @return the batch ids the probe recorded, one per run, in the order they ran */
    private static List<String> ran(Path dir) throws Exception {
        Path file = dir.resolve("ticks.log");
        List<String> ids = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                ids.add(line.substring(0, line.indexOf('@')));
            }
        }
        return ids;
    }

    private static void awaitRuns(Path dir, int count, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (ran(dir).size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("only " + ran(dir).size() + " of " + count + " runs in " + millis + " ms");
            }
            Thread.sleep(200);
        }
    }

    private static void awaitRuns(Path dir, Set<String> ids, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!ran(dir).containsAll(ids)) {
            if (System.currentTimeMillis() > deadline) {
                List<String> ran = ran(dir);
                throw new AssertionError(ids.stream().filter(id -> !ran.contains(id)).count() + " of " + ids.size()
                    + " ticks never ran");
            }
            Thread.sleep(200);
        }
    }

    private static List<String> duplicates(List<String> ids) {
        return ids.stream().filter(id -> ids.indexOf(id) != ids.lastIndexOf(id)).distinct().toList();
    }

    @AfterAll
    static void writeReport() throws Exception {
        MatrixReport.write(FailureMatrixTest.SCENARIOS, Arrays.stream(Backend.values()).map(b -> b.label).toList(),
            FailureMatrixTest.SETTINGS);
    }
}
