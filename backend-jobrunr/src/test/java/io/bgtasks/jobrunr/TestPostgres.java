package io.bgtasks.jobrunr;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL a test class stores its jobs in: {@code POSTGRES_JDBC_URL} (with {@code POSTGRES_USER} and
 * {@code POSTGRES_PASSWORD}) when given, else a container ({@code BGTASKS_POSTGRES_IMAGE}, default {@code postgres:15})
 * that {@link #stop} removes (Ryuk may be off). Tests keep apart with table prefixes of their own.
 */
final class TestPostgres {
    final String url;
    final String user;
    final String password;
    private final PostgreSQLContainer container;

    private TestPostgres(String url, String user, String password, PostgreSQLContainer container) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.container = container;
    }

    static TestPostgres start() {
        String given = System.getenv("POSTGRES_JDBC_URL");
        if (given != null && !given.isBlank()) {
            return new TestPostgres(given, System.getenv().getOrDefault("POSTGRES_USER", "postgres"),
                System.getenv().getOrDefault("POSTGRES_PASSWORD", ""), null);
        }
        String image = System.getenv().getOrDefault("BGTASKS_POSTGRES_IMAGE", "postgres:15");
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        postgres.start();
        return new TestPostgres(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), postgres);
    }

    void stop() {
        if (container != null) {
            container.stop();
        }
    }
}
