package io.bgtasks;

import io.bgtasks.schedule.RecurringScheduler;
import io.bgtasks.schedule.ScheduleInfo;
import jakarta.inject.Singleton;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Recurring schedules known only at run time (for fixed ones, annotate the task method with {@link Recurring}).
 * Each tick submits one batch, built by the given function, with the semantics of {@link TaskSubmitter}; every
 * process that registers the same schedule fires each tick under the same id, so the tick runs once.
 *
 * <pre>{@code
 * schedules.register("digest-" + team.id(), team.digestCron(), team.zone(),
 *     tasks -> tasks.addTask(DigestTasks::send, team.id()));
 * }</pre>
 */
@Singleton
public class Schedules {
    private final RecurringScheduler scheduler;
    private final TaskSubmitter submitter;

    Schedules(RecurringScheduler scheduler, TaskSubmitter submitter) {
        this.scheduler = scheduler;
        this.submitter = submitter;
    }

    /**
     * Registers a schedule that fires once for the latest tick missed during an outage ({@link MissedTicks#RUN_ONCE}).
     *
     * @param name  unique in the application, stable across restarts (it keys the ticks and the last firing)
     * @param cron  six fields, seconds first, e.g. {@code 0 0 3 * * *}
     * @param zone  the zone the fields are read in
     * @param tasks adds the tasks of one tick's batch
     * @throws IllegalArgumentException when the expression is invalid or the name is taken
     */
    public void register(String name, String cron, ZoneId zone, Consumer<BackgroundTasks> tasks) {
        register(name, cron, zone, MissedTicks.RUN_ONCE, tasks);
    }

    /**
     * Registers a schedule.
     *
     * @param name   unique in the application, stable across restarts (it keys the ticks and the last firing)
     * @param cron   six fields, seconds first, e.g. {@code 0 0 3 * * *}
     * @param zone   the zone the fields are read in
     * @param missed what to do with ticks missed during an outage
     * @param tasks  adds the tasks of one tick's batch
     * @throws IllegalArgumentException when the expression is invalid or the name is taken
     */
    public void register(String name, String cron, ZoneId zone, MissedTicks missed, Consumer<BackgroundTasks> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        scheduler.add(requireName(name), Objects.requireNonNull(cron, "cron"), Objects.requireNonNull(zone, "zone"),
            Objects.requireNonNull(missed, "missed"), key -> submitter.submit(key, tasks));
    }

    /**
     * Stops a schedule in this process (the others that registered it keep firing it).
     *
     * @param name the schedule's name
     * @return whether it was registered
     */
    public boolean remove(String name) {
        return scheduler.remove(name);
    }

    /** @return every schedule of this process, annotated and registered, by name */
    public List<ScheduleInfo> list() {
        return scheduler.list();
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a schedule needs a name: it keys its ticks in the storage");
        }
        return name;
    }
}
