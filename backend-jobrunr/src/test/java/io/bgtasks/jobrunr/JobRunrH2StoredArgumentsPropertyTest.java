package io.bgtasks.jobrunr;

import io.bgtasks.arguments.Sample;
import io.bgtasks.arguments.Samples;
import io.micronaut.context.ApplicationContext;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every supported argument arrives exactly through JobRunr on an H2 file. */
class JobRunrH2StoredArgumentsPropertyTest {
    private static ApplicationContext context;

    @BeforeContainer
    static void start() {
        Path file = Path.of("target", "jobrunr-args", UUID.randomUUID().toString().substring(0, 8), "jobrunr");
        context = StoredArguments.start(Map.of("bgtasks.jobrunr.h2-path", file.toAbsolutePath().toString()));
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Property(tries = 300)
    void everySupportedArgumentArrivesExactlyFromH2(@ForAll("batches") List<Sample> samples) throws Exception {
        StoredArguments.check(context, samples);
    }

    @Provide
    Arbitrary<List<Sample>> batches() {
        return Samples.batches();
    }
}
