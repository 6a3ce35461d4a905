package io.bgtasks.inmemory.recurring;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A misplaced {@code @Recurring} stops the start-up with a message that names the method and the fix. */
class RecurringStartupChecksTest {

    @Test
    void aMethodWithParameters() {
        assertRefused("parameters", "WithParameters#rebuild is @Recurring but takes parameters", "Schedules.register");
    }

    @Test
    void anInvalidCronExpression() {
        assertRefused("cron", "BadCron#rebuild is @Recurring with invalid cron expression 'at three'", "0 30 2 * * *");
    }

    @Test
    void anUnknownZone() {
        assertRefused("zone", "BadZone#rebuild is @Recurring with an unknown zone 'Mars/Olympus'", "Europe/Berlin");
    }

    @Test
    void aBeanThatIsNotATaskHandler() {
        assertRefused("not-a-task-handler", "NotATaskHandler#rebuild is @Recurring but NotATaskHandler is not a @TaskHandler bean",
            "annotate the class");
    }

    private static void assertRefused(String kind, String what, String fix) {
        RuntimeException e = assertThrows(RuntimeException.class,
            () -> ApplicationContext.run(Map.of("test.misplaced", kind)).close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        String message = all.toString();
        assertTrue(message.contains(what) && message.contains(fix), message);
    }
}
