package io.bgtasks;

import io.micronaut.context.annotation.Executable;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a public method of a {@link TaskHandler} bean without parameters on a cron schedule, as a background task
 * of the configured backend: exactly one firing per tick however many processes run the application, because
 * every process submits the tick under the same id and the backend keeps one.
 *
 * <pre>{@code
 * @TaskHandler
 * public class ReportTasks {
 *     @Recurring(cron = "0 0 3 * * *", zone = "Europe/Berlin")
 *     public void rebuildNightly() { ... }
 * }
 * }</pre>
 *
 * <p>For schedules known only at run time, use {@link Schedules#register}. Removing the annotation stops the
 * schedule: nothing of it remains but its last firing time in the storage.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Executable(processOnStartup = true)
public @interface Recurring {
    /** @return six fields, seconds first ({@code second minute hour day-of-month month day-of-week}) */
    String cron();

    /**
     * @return the time zone the cron fields are read in (default UTC, the same on every machine); at daylight-saving
     * changes a local time that repeats fires once and one that is skipped fires at the change
     */
    String zone() default "UTC";

    /** @return the schedule's name, unique in the application (default {@code fully.qualified.Class#method}) */
    String name() default "";

    /** @return what to do with ticks missed while nothing could fire them */
    MissedTicks missed() default MissedTicks.RUN_ONCE;
}
