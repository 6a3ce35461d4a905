package io.bgtasks.redis;

import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis schedule ledger beyond the contract (which checks that it only moves forward and is shared): processes
 * racing to record ticks leave the latest; a damaged ledger key or value is an error that names it and the fix,
 * never a silently lost or invented tick; a real tick repairs an unreadable value.
 */
class RedisScheduleLedgerTest {
    @RegisterExtension
    static final RedisPerClass REDIS = new RedisPerClass();

    @Test
    void processesRacingToRecordTicksLeaveTheLatest() throws Exception {
        String prefix = TestRedis.freshPrefix("ledger");
        Instant first = Instant.parse("2026-11-30T00:00:00Z");
        try (ApplicationContext one = RedisApps.submitterOnly(REDIS.uri(), prefix);
             ApplicationContext two = RedisApps.submitterOnly(REDIS.uri(), prefix);
             ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<ScheduleLedger> ledgers = List.of(one.getBean(ScheduleLedger.class), two.getBean(ScheduleLedger.class));
            List<Future<?>> racers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                ScheduleLedger ledger = ledgers.get(r % 2);
                int offset = r;
                // each racer records every minute of an hour, in its own order (some backwards)
                racers.add(threads.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        int minute = offset % 2 == 0 ? i : 59 - i;
                        ledger.fired("nightly", first.plusSeconds(60L * ((minute + offset * 7) % 60)));
                    }
                }));
            }
            for (Future<?> racer : racers) {
                racer.get();
            }
            assertEquals(Optional.of(first.plusSeconds(59 * 60)), ledgers.get(0).lastFired("nightly"));
            assertEquals(String.valueOf(first.plusSeconds(59 * 60).toEpochMilli()),
                REDIS.client().hget(prefix + ":schedules", "nightly"), "one hash, schedule name -> tick in epoch ms");
        }
    }

    @Test
    void aLedgerKeyOfAnotherTypeIsAnErrorNamingTheKeyAndNothingIsWritten() {
        String prefix = TestRedis.freshPrefix("ledger");
        REDIS.client().set(prefix + ":schedules", "someone else's string");
        try (ApplicationContext app = RedisApps.submitterOnly(REDIS.uri(), prefix)) {
            ScheduleLedger ledger = app.getBean(ScheduleLedger.class);
            for (Runnable call : List.<Runnable>of(() -> ledger.lastFired("nightly"),
                () -> ledger.fired("nightly", Instant.now()))) {
                TaskSinkUnavailableException e = assertThrows(TaskSinkUnavailableException.class, call::run);
                assertTrue(e.getMessage().contains(prefix + ":schedules") && e.getMessage().contains("holds a string")
                    && e.getMessage().contains("Delete or repair that key"), e.getMessage());
            }
            assertEquals("someone else's string", REDIS.client().get(prefix + ":schedules"), "left for its owner");
        }
    }

    @Test
    void anUnreadableTickIsAnErrorUntilARealTickReplacesIt() {
        String prefix = TestRedis.freshPrefix("ledger");
        REDIS.client().hset(prefix + ":schedules", "nightly", "yesterday");
        REDIS.client().hset(prefix + ":schedules", "hourly", "1.5");
        try (ApplicationContext app = RedisApps.submitterOnly(REDIS.uri(), prefix)) {
            ScheduleLedger ledger = app.getBean(ScheduleLedger.class);
            for (String schedule : List.of("nightly", "hourly")) {
                TaskSinkUnavailableException e = assertThrows(TaskSinkUnavailableException.class,
                    () -> ledger.lastFired(schedule), "not read as never fired: the scheduler would fire missed ticks");
                assertTrue(e.getMessage().contains("HDEL " + prefix + ":schedules " + schedule), e.getMessage());
            }
            Instant tick = Instant.parse("2026-11-30T10:15:30.250Z");
            ledger.fired("nightly", tick);
            assertEquals(Optional.of(tick), ledger.lastFired("nightly"));
        }
    }
}
