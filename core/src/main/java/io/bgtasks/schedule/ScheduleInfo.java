package io.bgtasks.schedule;

import io.bgtasks.MissedTicks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A recurring schedule as {@code GET {status path}/schedules} lists it.
 *
 * @param name      the schedule's name
 * @param cron      its cron expression (six fields, seconds first)
 * @param zone      the time zone the expression is read in
 * @param missed    what it does with missed ticks
 * @param lastFired the latest tick fired by any process on the storage, or null
 * @param nextFire  the next tick this process will fire, or null (scheduling disabled, or no tick ahead)
 */
@Serdeable
public record ScheduleInfo(String name, String cron, String zone, MissedTicks missed, @Nullable Instant lastFired,
                           @Nullable Instant nextFire) {
}
