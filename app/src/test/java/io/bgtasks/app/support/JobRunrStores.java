package io.bgtasks.app.support;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the JobRunr tests keep their jobs: a fresh H2 file per test under target/, or the PostgreSQL in
 * {@code POSTGRES_JDBC_URL} (with {@code POSTGRES_USER}/{@code POSTGRES_PASSWORD}), else one container per test JVM
 * (image from {@code BGTASKS_POSTGRES_IMAGE}, default the official {@code postgres:15}). Tests on PostgreSQL
 * isolate themselves with a schema of their own (JobRunr's table prefix).
 */
public final class JobRunrStores {
    private static PostgreSQLContainer postgres;
    private static String url;
    private static String user;
    private static String password;

    private JobRunrStores() {
    }

    /** @return the path of an H2 database no other test uses */
    public static String freshH2Path() {
        return Path.of("target", "jobrunr-h2", UUID.randomUUID().toString().substring(0, 8), "jobrunr").toAbsolutePath().toString();
    }

    /** @return the shared PostgreSQL's JDBC URL, starting its container on first use */
    public static synchronized String postgresUrl() {
        if (url == null) {
            String given = System.getenv("POSTGRES_JDBC_URL");
            if (given != null && !given.isBlank()) {
                url = given;
                user = System.getenv().getOrDefault("POSTGRES_USER", "postgres");
                password = System.getenv().getOrDefault("POSTGRES_PASSWORD", "");
            } else {
                String image = System.getenv("BGTASKS_POSTGRES_IMAGE");
                if (image == null || image.isBlank()) {
                    image = System.getProperty("bgtasks.test.postgres-image", "postgres:15");
                }
                postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withDatabaseName("test").withUsername("test").withPassword("test");
                postgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop));
                url = postgres.getJdbcUrl();
                user = postgres.getUsername();
                password = postgres.getPassword();
            }
        }
        return url;
    }

    public static String postgresUser() {
        postgresUrl();
        return user;
    }

    public static String postgresPassword() {
        postgresUrl();
        return password;
    }
}
