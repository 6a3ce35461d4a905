package io.bgtasks.app.packaged;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.app.support.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bgtasks as a dependency of another team's application: {@code docs/user-app}, a project of its own (not a module of
 * this build) that depends on the installed bgtasks artifacts exactly as the guide's "Use bgtasks in your app" page
 * says, is built with Maven and its runnable jar started on every backend. Needs bgtasks installed in the local
 * repository by this same build, which is why the test command is {@code mvn install}.
 */
class UserAppIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration RUN = Duration.ofSeconds(45);
    private static Path project;
    private static Path jar;

    @BeforeAll
    static void build() throws Exception {
        project = Path.of("target", "user-app").toAbsolutePath();
        copy(Maven.root().resolve("docs/user-app"), project);
        Maven.run(project, 600, "-q", "-B", "package", "-Dbgtasks.version=" + System.getProperty("bgtasks.version"));
        jar = project.resolve("target/signup-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), "no runnable jar at " + jar);
    }

    /**
     * What bgtasks brings into the application, read from Maven's verbose tree (which also lists the paths that lost
     * to a nearer one): core asks for no Netty, no HTTP server implementation and no Jackson databind; Reactor reaches
     * core's subtree only through Micronaut's own micronaut-http, which declares it; databind comes only with the
     * JobRunr backend, whose JSON mapper needs it. The Netty server is there because the application asked for it.
     */
    @Test
    void dependencyTreeHasNoServerReactorOrDatabindFromCore() throws Exception {
        Path tree = project.resolve("target/dependency-tree.txt");
        Maven.run(project, 300, "-q", "-B", "dependency:tree", "-Dverbose=true", "-DoutputFile=" + tree,
            "-Dbgtasks.version=" + System.getProperty("bgtasks.version"));
        List<String> problems = new ArrayList<>();
        List<String> path = new ArrayList<>();
        List<String> lines = Files.readAllLines(tree, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            int depth = 0;
            while (line.startsWith("|  ", depth * 3) || line.startsWith("   ", depth * 3)) {
                depth++;
            }
            String[] coordinates = line.substring(depth * 3 + 3).replace("(", "").split(":");
            String artifact = coordinates[0] + ":" + coordinates[1];
            while (path.size() > depth) {
                path.removeLast();
            }
            path.add(artifact);
            String top = path.getFirst();
            String parent = depth > 0 ? path.get(depth - 1) : "";
            if (top.equals("io.bgtasks:bgtasks-core")) {
                if (artifact.startsWith("io.netty:") || artifact.equals("io.micronaut:micronaut-http-server-netty")) {
                    problems.add("Netty via " + path);
                }
                if (artifact.contains("jackson-databind")) {
                    problems.add("Jackson databind via " + path);
                }
                if (artifact.equals("io.projectreactor:reactor-core") && !parent.startsWith("io.micronaut:micronaut-http")) {
                    problems.add("Reactor via " + path);
                }
            }
            if (artifact.contains("jackson-databind") && !top.equals("io.bgtasks:bgtasks-backend-jobrunr")) {
                problems.add("Jackson databind via " + path);
            }
        }
        assertEquals(List.of(), problems, Files.readString(tree));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("+- io.bgtasks:bgtasks-core:")), "core is in the tree");
    }

    @Test
    void runsOnTheInMemoryBackend() throws Exception {
        try (PackagedApp app = launch("user-inmemory").start().awaitHttp(START)) {
            signUpAndSeeTheWelcome(app, app);
        }
    }

    @Test
    void runsOnRedis() throws Exception {
        try (PackagedApp app = launch("user-redis").env("BGTASKS_BACKEND", "redis")
            .env("BGTASKS_REDIS_URI", RedisServer.uri()).env("BGTASKS_REDIS_PREFIX", RedisServer.freshPrefix())
            .start().awaitHttp(START)) {
            signUpAndSeeTheWelcome(app, app);
        }
    }

    @Test
    void runsOnJobRunrWithAnH2File() throws Exception {
        try (PackagedApp app = launch("user-jobrunr-h2").env("BGTASKS_BACKEND", "jobrunr").start().awaitHttp(START)) {
            signUpAndSeeTheWelcome(app, app);
        }
    }

    @Test
    void runsOnJobRunrWithPostgresAsWebAndWorkerProcesses() throws Exception {
        String prefix = "user_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        try (PackagedApp web = postgres("user-pg-web", prefix).property("bgtasks.worker.enabled", "false").start()
            .awaitHttp(START);
             PackagedApp worker = postgres("user-pg-worker", prefix).property("bgtasks.web.enabled", "false").start()) {
            signUpAndSeeTheWelcome(web, worker);
        }
    }

    private static PackagedApp.Launch launch(String name) throws IOException {
        return PackagedApp.Launch.named(name).jar(jar);
    }

    private static PackagedApp.Launch postgres(String name, String prefix) throws IOException {
        return launch(name).env("BGTASKS_BACKEND", "jobrunr")
            .env("BGTASKS_JOBRUNR_JDBC_URL", JobRunrStores.postgresUrl())
            .env("BGTASKS_JOBRUNR_USERNAME", JobRunrStores.postgresUser())
            .env("BGTASKS_JOBRUNR_PASSWORD", JobRunrStores.postgresPassword())
            .env("BGTASKS_JOBRUNR_TABLE_PREFIX", prefix);
    }

    private static void signUpAndSeeTheWelcome(PackagedApp web, PackagedApp worker) throws Exception {
        String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> response = web.post("/signup?email=" + email);
        assertEquals(202, response.statusCode(), response.body() + "\n" + web.output());
        String taskId = response.headers().firstValue("X-Task-Ids").orElseThrow();
        String expected = "welcome " + email + " to trial for 14 days";
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!worker.file("welcome.log").contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(worker.file("welcome.log").contains(expected), "no welcome within " + RUN + ":\n" + worker.output());
        String status = "";
        while (!status.contains("\"SUCCEEDED\"") && System.nanoTime() < deadline) {
            status = web.get("/tasks/" + taskId).body();
            Thread.sleep(100);
        }
        assertTrue(status.contains("\"SUCCEEDED\""), "status of " + taskId + ": " + status);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (from.relativize(source).startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
