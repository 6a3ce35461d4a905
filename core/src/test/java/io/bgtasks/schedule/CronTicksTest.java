package io.bgtasks.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ticks across daylight-saving changes (Berlin: 2026-03-29 02:00 jumps to 03:00, 2026-10-25 03:00 goes back to 02:00). */
class CronTicksTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static List<String> ticks(String cron, ZoneId zone, String fromLocal, int count) {
        CronTicks ticks = new CronTicks(cron, zone);
        Instant t = ZonedDateTime.parse(fromLocal + zone.getRules().getOffset(java.time.LocalDateTime.parse(fromLocal))
            + "[" + zone.getId() + "]").toInstant();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            t = ticks.next(t);
            out.add(t.atZone(zone).toOffsetDateTime().toString());
        }
        return out;
    }

    @Test
    void aDailyTimeInTheSkippedHourFiresOnceAtTheJump() {
        assertEquals(List.of("2026-03-28T02:30+01:00", "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00"),
            ticks("0 30 2 * * *", BERLIN, "2026-03-28T00:00:00", 3));
    }

    @Test
    void aDailyTimeInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
        assertEquals(List.of("2026-10-24T02:30+02:00", "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00"),
            ticks("0 30 2 * * *", BERLIN, "2026-10-24T00:00:00", 3));
    }

    @Test
    void anHourlyScheduleNeitherRepeatsNorLosesAnHourOfTheWallClock() {
        assertEquals(List.of("2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00"),
            ticks("0 0 * * * *", BERLIN, "2026-03-29T00:30:00", 3));
        assertEquals(List.of("2026-10-25T01:00+02:00", "2026-10-25T02:00+02:00", "2026-10-25T03:00+01:00"),
            ticks("0 0 * * * *", BERLIN, "2026-10-25T00:30:00", 3));
    }

    @Test
    void everyHalfHourAcrossBothChanges() {
        assertEquals(List.of("2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:30+02:00"),
            ticks("0 */30 * * * *", BERLIN, "2026-03-29T01:00:00", 3));
        assertEquals(List.of("2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T03:00+01:00"),
            ticks("0 */30 * * * *", BERLIN, "2026-10-25T01:30:00", 3));
    }

    @Test
    void otherZonesChangeOnTheirOwnDays() {
        // New York: 2026-03-08 02:00 jumps to 03:00; 2026-11-01 02:00 goes back to 01:00
        assertEquals(List.of("2026-03-07T02:15-05:00", "2026-03-08T03:00-04:00", "2026-03-09T02:15-04:00"),
            ticks("0 15 2 * * *", NEW_YORK, "2026-03-07T00:00:00", 3));
        assertEquals(List.of("2026-10-31T01:15-04:00", "2026-11-01T01:15-04:00", "2026-11-02T01:15-05:00"),
            ticks("0 15 1 * * *", NEW_YORK, "2026-10-31T00:00:00", 3));
    }

    @Test
    void utcHasNoChanges() {
        assertEquals(List.of("2026-03-29T02:30Z", "2026-03-30T02:30Z"), ticks("0 30 2 * * *", ZoneId.of("UTC"),
            "2026-03-29T00:00:00", 2));
    }

    @Test
    void theLatestTicksOfALongOutageAreFoundWithoutWalkingIt() {
        CronTicks everySecond = new CronTicks("* * * * * *", ZoneId.of("UTC"));
        Instant upTo = Instant.parse("2026-11-30T12:00:00Z");
        long started = System.nanoTime();
        List<Instant> latest = everySecond.latest(upTo.minus(Duration.ofDays(3650)), upTo, 3);
        assertEquals(List.of(upTo.minusSeconds(2), upTo.minusSeconds(1), upTo), latest);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "ten years of seconds not walked");
        CronTicks yearly = new CronTicks("0 0 0 1 1 *", ZoneId.of("UTC"));
        assertEquals(List.of(Instant.parse("2026-01-01T00:00:00Z")),
            yearly.latest(Instant.parse("2020-06-01T00:00:00Z"), upTo, 1));
        assertEquals(List.of(), yearly.latest(Instant.parse("2026-01-01T00:00:00Z"), upTo, 5), "none after the bound");
        assertEquals(6, yearly.latest(Instant.parse("2020-06-01T00:00:00Z"), upTo, 100).size());
    }

    @Test
    void aBadExpressionIsRefusedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new CronTicks("every day", ZoneId.of("UTC")));
        assertTrue(e.getMessage().contains("'every day'") && e.getMessage().contains("0 30 2 * * *"), e.getMessage());
    }
}
