package io.bgtasks.jobrunr;

import io.bgtasks.arguments.Samples;
import io.bgtasks.arguments.Tries;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;
import java.util.UUID;

/**
 * Every supported argument arrives exactly through JobRunr on PostgreSQL (whose text columns refuse a raw NUL,
 * which the payload therefore never holds). The database is {@code POSTGRES_JDBC_URL} when given, else a container
 * ({@code BGTASKS_POSTGRES_IMAGE}, default {@code postgres:15}).
 */
class JobRunrPostgresStoredArgumentsPropertyTest {
    private static PostgreSQLContainer postgres;
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        String url = System.getenv("POSTGRES_JDBC_URL");
        String user = System.getenv().getOrDefault("POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("POSTGRES_PASSWORD", "");
        if (url == null || url.isBlank()) {
            String image = System.getenv().getOrDefault("BGTASKS_POSTGRES_IMAGE", "postgres:15");
            postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
            postgres.start();
            url = postgres.getJdbcUrl();
            user = postgres.getUsername();
            password = postgres.getPassword();
        }
        context = StoredArguments.start(Map.of("bgtasks.jobrunr.jdbc-url", url, "bgtasks.jobrunr.username", user,
            "bgtasks.jobrunr.password", password,
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
