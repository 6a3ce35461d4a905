package io.bgtasks.jobrunr;

import io.bgtasks.arguments.Samples;
import io.bgtasks.arguments.Tries;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Every supported argument arrives exactly through JobRunr on an H2 file. */
class JobRunrH2StoredArgumentsPropertyTest {
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        Path file = Path.of("target", "jobrunr-args", UUID.randomUUID().toString().substring(0, 8), "jobrunr");
        context = StoredArguments.start(Map.of("bgtasks.jobrunr.h2-path", file.toAbsolutePath().toString()));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everySupportedArgumentArrivesExactlyFromH2() {
        Tries.check(300, Samples.batches(), samples -> StoredArguments.check(context, samples));
    }
}
