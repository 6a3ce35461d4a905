package io.bgtasks.jobrunr;

import io.bgtasks.contract.DurableBackendContract;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Map;

/**
 * The durable contract on JobRunr with PostgreSQL: {@code POSTGRES_JDBC_URL} (with {@code POSTGRES_USER} and
 * {@code POSTGRES_PASSWORD}) when given, else a container ({@code BGTASKS_POSTGRES_IMAGE}, default {@code postgres:15});
 * each namespace is a table prefix of its own.
 */
class JobRunrPostgresBackendContractTest extends DurableBackendContract {
    private PostgreSQLContainer postgres;
    private String url;
    private String user;
    private String password;

    @Override
    protected Map<String, Object> backend(String namespace) {
        connect();
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", url, "bgtasks.jobrunr.username", user,
            "bgtasks.jobrunr.password", password, "bgtasks.jobrunr.table-prefix", namespace + "_",
            "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL);
    }

    private synchronized void connect() {
        if (url != null) {
            return;
        }
        String given = System.getenv("POSTGRES_JDBC_URL");
        if (given != null && !given.isBlank()) {
            url = given;
            user = System.getenv().getOrDefault("POSTGRES_USER", "postgres");
            password = System.getenv().getOrDefault("POSTGRES_PASSWORD", "");
            return;
        }
        String image = System.getenv().getOrDefault("BGTASKS_POSTGRES_IMAGE", "postgres:15");
        postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        postgres.start();
        url = postgres.getJdbcUrl();
        user = postgres.getUsername();
        password = postgres.getPassword();
    }

    @Override
    protected Duration pickUpDelay() {
        return JobRunrContract.PICK_UP;
    }

    @Override
    protected void closeStorage() {
        if (postgres != null) {
            postgres.stop();
        }
    }
}
