package io.bgtasks.app.packaged;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's Maven wrapper run as a user runs it, on this JDK, against the same local repository as the build that
 * runs the tests (where {@code mvn install} put bgtasks).
 */
final class Maven {
    private Maven() {
    }

    /** @return the project's root folder (the build passes it in bgtasks.root) */
    static Path root() {
        return Path.of(System.getProperty("bgtasks.root", "..")).toAbsolutePath().normalize();
    }

    /** @return the builder of a wrapper command in {@code dir}, with JAVA_HOME and the local repository set */
    static ProcessBuilder command(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("mvnw").toString());
        String repo = System.getProperty("bgtasks.maven.repo");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("BGTASKS_") || k.equals("REDIS_URL") || k.equals("PORT"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs a wrapper command to its end and returns its output; fails with that output when it does not succeed. */
    static String run(Path dir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(Path.of("target"), "mvn-", ".log");
        Process process = command(dir, Map.of(), args).redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("mvnw " + String.join(" ", args) + " took more than " + timeoutSeconds + " s:\n"
                + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("mvnw " + String.join(" ", args) + " failed with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }
}
