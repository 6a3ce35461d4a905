package io.bgtasks.jobrunr;

import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.context.ApplicationContext;
import org.jobrunr.storage.JobRunrMetadata;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule ledger in JobRunr's metadata table, beyond the contract: firings recorded at once from two contexts
 * (each with its own pool, as two processes) never move it back, on PostgreSQL and H2; a database that cannot be
 * reached answers {@link TaskSinkUnavailableException} naming the fix; a hand-edited row counts as never fired and is
 * replaced.
 */
class JobRunrScheduleLedgerTest {
    private static final Instant BASE = Instant.parse("2026-11-30T00:00:00Z");

    private static ApplicationContext h2(String path, Map<String, Object> more) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", path, "bgtasks.worker.enabled", "false"));
        properties.putAll(more);
        return ApplicationContext.run(properties);
    }

    @Test
    void firingsFromTwoProcessesAtOnceNeverMoveItBackOnPostgres() throws Exception {
        TestPostgres postgres = TestPostgres.start();
        try {
            Map<String, Object> shared = Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", postgres.url,
                "bgtasks.jobrunr.username", postgres.user, "bgtasks.jobrunr.password", postgres.password,
                "bgtasks.jobrunr.table-prefix", "ledger_" + UUID.randomUUID().toString().substring(0, 8) + "_",
                "bgtasks.worker.enabled", "false");
            try (ApplicationContext one = ApplicationContext.run(shared); ApplicationContext two = ApplicationContext.run(shared)) {
                race(one.getBean(ScheduleLedger.class), two.getBean(ScheduleLedger.class));
            }
        } finally {
            postgres.stop();
        }
    }

    @Test
    void firingsFromTwoContextsAtOnceNeverMoveItBackOnH2() throws Exception {
        String path = TestH2.freshPath();
        try (ApplicationContext one = h2(path, Map.of()); ApplicationContext two = h2(path, Map.of())) {
            race(one.getBean(ScheduleLedger.class), two.getBean(ScheduleLedger.class));
        }
    }

    /**
     * Eight threads, half on each ledger, record rising ticks of one schedule, each a little apart from the others',
     * all starting with no row (so the first inserts collide too); each reads back at least its own tick, and the end
     * is the highest tick of all. Without the row lock this fails: two writers read the same tick and the lower one
     * writes last.
     */
    private static void race(ScheduleLedger one, ScheduleLedger two) throws Exception {
        String schedule = "race " + UUID.randomUUID();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Instant>> highest = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ScheduleLedger ledger = t % 2 == 0 ? one : two;
                Random random = new Random(t);
                Callable<Instant> firing = () -> {
                    go.await();
                    Instant mine = Instant.MIN;
                    for (int i = 0; i < 40; i++) {
                        // rising in every thread, close across threads: most firings overtake the stored tick
                        Instant tick = BASE.plusMillis(i * 10L + random.nextInt(20));
                        ledger.fired(schedule, tick);
                        Instant seen = ledger.lastFired(schedule).orElseThrow();
                        assertFalse(seen.isBefore(tick), "recorded " + tick + ", read back " + seen);
                        mine = tick.isAfter(mine) ? tick : mine;
                    }
                    return mine;
                };
                highest.add(threads.submit(firing));
            }
            go.countDown();
            Instant expected = Instant.MIN;
            for (Future<Instant> thread : highest) {
                Instant mine = thread.get();
                expected = mine.isAfter(expected) ? mine : expected;
            }
            assertEquals(Optional.of(expected), one.lastFired(schedule));
            assertEquals(Optional.of(expected), two.lastFired(schedule));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailableAndTheMessageSaysWhatToCheck() throws Exception {
        // one connection, held by the test: the ledger waits connection-timeout for another, as with a database down
        try (ApplicationContext app = h2(TestH2.freshPath(), Map.of("bgtasks.jobrunr.pool-size", "1",
                "bgtasks.jobrunr.connection-timeout", "300ms"))) {
            ScheduleLedger ledger = app.getBean(ScheduleLedger.class);
            ledger.fired("nightly", BASE);
            try (Connection held = app.getBean(JobRunrStorage.class).dataSource().getConnection()) {
                TaskSinkUnavailableException read = assertThrows(TaskSinkUnavailableException.class, () -> ledger.lastFired("nightly"));
                TaskSinkUnavailableException write = assertThrows(TaskSinkUnavailableException.class,
                    () -> ledger.fired("nightly", BASE.plusSeconds(60)));
                for (TaskSinkUnavailableException e : List.of(read, write)) {
                    assertTrue(e.getMessage().startsWith("the schedule ledger in the JobRunr storage at jdbc:h2:file:"), e.getMessage());
                    assertTrue(e.getMessage().contains("bgtasks.jobrunr.jdbc-url"), e.getMessage());
                }
            }
            assertEquals(Optional.of(BASE), ledger.lastFired("nightly"), "the failed write changed nothing");
        }
    }

    @Test
    void aHandEditedRowCountsAsNeverFiredAndTheNextFiringReplacesIt() {
        try (ApplicationContext app = h2(TestH2.freshPath(), Map.of())) {
            ScheduleLedger ledger = app.getBean(ScheduleLedger.class);
            ledger.fired("hourly", BASE);
            app.getBean(JobRunrStorage.class).provider().saveMetadata(new JobRunrMetadata(JobRunrScheduleLedger.NAME,
                JobRunrScheduleLedger.owner("hourly"), "yesterday, roughly"));
            assertEquals(Optional.empty(), ledger.lastFired("hourly"));
            ledger.fired("hourly", BASE.minusSeconds(3600));
            assertEquals(Optional.of(BASE.minusSeconds(3600)), ledger.lastFired("hourly"));
        }
    }
}
