package io.bgtasks.schedule;

import io.bgtasks.MissedTicks;
import io.bgtasks.config.SchedulingConfiguration;
import io.bgtasks.spi.ScheduleLedger;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link RecurringScheduler#list()} shows while a tick is being fired. */
class ScheduleListingTest {

    @Test
    void aListingTakenBetweenAFiringAndItsReschedulingShowsTheFollowingTickAsNext() throws Exception {
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the real in-process ledger; the scheduler is held just after the ledger recorded a tick
        LocalScheduleLedger local = new LocalScheduleLedger();
        ScheduleLedger ledger = new ScheduleLedger() {
            @Override
            public Optional<Instant> lastFired(String schedule) {
                return local.lastFired(schedule);
            }

            @Override
            public void fired(String schedule, Instant tick) {
                local.fired(schedule, tick);
                recorded.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RecurringScheduler scheduler = new RecurringScheduler(ledger, new SchedulingConfiguration());
        try {
            scheduler.add("each-second", "* * * * * *", ZoneId.of("UTC"), MissedTicks.RUN_ONCE, key -> { });
            assertTrue(recorded.await(5, TimeUnit.SECONDS), "a tick was fired within 5 s");
            ScheduleInfo info = scheduler.list().getFirst();
            assertTrue(info.nextFire().isAfter(info.lastFired()), info.toString());
            assertEquals(info.lastFired().plusSeconds(1), info.nextFire(), info.toString());
        } finally {
            release.countDown();
            scheduler.close();
        }
    }
}
