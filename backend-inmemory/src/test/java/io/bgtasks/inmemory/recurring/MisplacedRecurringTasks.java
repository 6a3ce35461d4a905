package io.bgtasks.inmemory.recurring;

import io.bgtasks.Recurring;
import io.bgtasks.TaskHandler;
import io.micronaut.context.annotation.Requires;

/** @Recurring where it cannot work, each enabled by its own property, for {@link RecurringStartupChecksTest}. */
final class MisplacedRecurringTasks {
    private MisplacedRecurringTasks() {
    }

    @TaskHandler
    @Requires(property = "test.misplaced", value = "parameters")
    public static class WithParameters {
        @Recurring(cron = "0 0 3 * * *")
        public void rebuild(String day) {
        }
    }

    @TaskHandler
    @Requires(property = "test.misplaced", value = "cron")
    public static class BadCron {
        @Recurring(cron = "at three")
        public void rebuild() {
        }
    }

    @TaskHandler
    @Requires(property = "test.misplaced", value = "zone")
    public static class BadZone {
        @Recurring(cron = "0 0 3 * * *", zone = "Mars/Olympus")
        public void rebuild() {
        }
    }

    @jakarta.inject.Singleton
    @Requires(property = "test.misplaced", value = "not-a-task-handler")
    public static class NotATaskHandler {
        @Recurring(cron = "0 0 3 * * *")
        public void rebuild() {
        }
    }
}
