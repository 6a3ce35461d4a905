package io.bgtasks.app.support;

import io.bgtasks.Recurring;
import io.bgtasks.TaskHandler;
import io.bgtasks.engine.BatchExecutor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A schedule firing every second, for the tests that run it in several processes at once: each run appends
 * {@code batchId@pid} to {@code <bgtasks.test.recurring-dir>/ticks.log}, and a tick's batch id names its tick.
 */
@TaskHandler
@Requires(property = "bgtasks.test.recurring-dir")
public class RecurringProbeTasks {
    /** The schedule's name. */
    public static final String SCHEDULE = "probe-every-second";

    private final Path file;
    private final long pid = ProcessHandle.current().pid();

    RecurringProbeTasks(@Value("${bgtasks.test.recurring-dir}") Path dir) throws IOException {
        this.file = Files.createDirectories(dir).resolve("ticks.log");
    }

    // tag::recurring[]
    @Recurring(cron = "* * * * * *", name = SCHEDULE)
    public void tick() throws IOException {
        // end::recurring[]
        Files.write(file, (MDC.get(BatchExecutor.MDC_BATCH) + "@" + pid + "\n").getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
