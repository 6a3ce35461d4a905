package io.bgtasks.schedule;

import io.micronaut.scheduling.cron.CronExpression;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The ticks of a cron expression in a time zone, with wall-clock rules at daylight-saving changes: a local time that
 * occurs twice (the clock goes back) fires once, at its first occurrence; a local time that does not occur (the
 * clock jumps forward) fires once, at the moment of the jump. So a daily 02:30 job runs once on both change days,
 * and an hourly one does not run twice in the repeated hour. Parsing and matching are Micronaut's
 * {@link CronExpression} (six fields, seconds first); only the changes are handled here.
 */
final class CronTicks {
    private final CronExpression cron;
    private final ZoneId zone;

    /**
     * @param expression a six-field cron expression, e.g. {@code 0 30 2 * * *}
     * @param zone       the zone its fields are read in
     * @throws IllegalArgumentException when the expression cannot be parsed
     */
    CronTicks(String expression, ZoneId zone) {
        try {
            this.cron = CronExpression.create(expression);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage()
                + " (six fields, seconds first, e.g. '0 30 2 * * *' for 02:30 every day)", e);
        }
        this.zone = zone;
        if (next(Instant.parse("2000-01-01T00:00:00Z")) == null) {
            throw new IllegalArgumentException("cron expression '" + expression + "' never fires");
        }
    }

    /**
     * @param after an instant
     * @return the first tick strictly after it, or null when there is none
     */
    Instant next(Instant after) {
        ZonedDateTime regular = regularAfter(after.atZone(zone));
        Instant jump = tickInGap(after, regular == null ? null : regular.toInstant());
        if (jump != null) {
            return jump;
        }
        return regular == null ? null : regular.toInstant();
    }

    /** Micronaut's next match, passing over the second occurrence of a repeated local time. */
    private ZonedDateTime regularAfter(ZonedDateTime after) {
        ZonedDateTime n = cron.nextTimeAfter(after);
        while (n != null && !n.equals(n.withEarlierOffsetAtOverlap())) {
            n = cron.nextTimeAfter(n);
        }
        return n;
    }

    /**
     * When the clock jumps forward between {@code after} and {@code regular} over a local time the expression
     * matches, that time fires at the jump.
     */
    private Instant tickInGap(Instant after, Instant regular) {
        for (ZoneOffsetTransition t = zone.getRules().nextTransition(after);
             t != null && (regular == null || !t.getInstant().isAfter(regular));
             t = zone.getRules().nextTransition(t.getInstant())) {
            if (t.isGap() && matchesBetween(t.getDateTimeBefore(), t.getDateTimeAfter())) {
                return t.getInstant();
            }
            if (regular == null) {
                break; // no regular tick to bound the search: one transition is enough to decide
            }
        }
        return null;
    }

    /** Whether the expression matches a local time in [from, to), read on a clock without changes. */
    private boolean matchesBetween(LocalDateTime from, LocalDateTime to) {
        ZonedDateTime m = cron.nextTimeAfter(from.minusSeconds(1).atZone(ZoneOffset.UTC));
        return m != null && !m.toLocalDateTime().isBefore(from) && m.toLocalDateTime().isBefore(to);
    }

    /**
     * The latest ticks in (after, upTo], oldest first: at most {@code max} of them. Searches back from
     * {@code upTo} in growing windows, so a long outage of an every-second schedule costs no more than its last
     * {@code max} ticks.
     *
     * @param after exclusive lower bound
     * @param upTo  inclusive upper bound
     * @param max   how many at most
     * @return the ticks, oldest first
     */
    List<Instant> latest(Instant after, Instant upTo, int max) {
        if (max <= 0 || !upTo.isAfter(after)) {
            return List.of();
        }
        Duration window = Duration.ofMinutes(1);
        while (true) {
            Instant from = upTo.minus(window);
            boolean whole = !from.isAfter(after);
            Deque<Instant> found = new ArrayDeque<>(max + 1);
            for (Instant t = next(whole ? after : from); t != null && !t.isAfter(upTo); t = next(t)) {
                found.addLast(t);
                if (found.size() > max) {
                    found.removeFirst();
                }
            }
            if (whole || found.size() >= max) {
                return new ArrayList<>(found);
            }
            window = window.multipliedBy(8);
        }
    }

    /** @return the zone the expression is read in */
    ZoneId zone() {
        return zone;
    }
}
