package io.bgtasks.jobrunr;

import io.bgtasks.arguments.Samples;
import io.bgtasks.arguments.Tries;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

/**
 * Every supported argument arrives exactly through JobRunr on PostgreSQL (whose text columns refuse a raw NUL,
 * which the payload therefore never holds), in {@link TestPostgres}.
 */
class JobRunrPostgresStoredArgumentsPropertyTest {
    private static TestPostgres postgres;
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.start();
        context = StoredArguments.start(Map.of("bgtasks.jobrunr.jdbc-url", postgres.url, "bgtasks.jobrunr.username", postgres.user,
            "bgtasks.jobrunr.password", postgres.password,
            "bgtasks.jobrunr.table-prefix", "args_" + UUID.randomUUID().toString().substring(0, 8) + "_"));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void everySupportedArgumentArrivesExactlyFromPostgres() {
        Tries.check(300, Samples.batches(), samples -> StoredArguments.check(context, samples));
    }
}
