package io.bgtasks.schedule;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/**
 * {@code GET {status path}/schedules}: the recurring schedules of this process with their last and next firing,
 * served with the status endpoint ({@code bgtasks.status-endpoint.enabled=true}).
 */
@Controller("${bgtasks.status-endpoint.path:/tasks}")
@Requires(property = "bgtasks.status-endpoint.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class ScheduleController {
    private final RecurringScheduler scheduler;

    ScheduleController(RecurringScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Get("/schedules")
    List<ScheduleInfo> schedules() {
        return scheduler.list();
    }
}
