package io.bgtasks.app.support;

import io.bgtasks.TaskHandler;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Tasks that record what they do in files ({@code <bgtasks.test.probe-dir>/<key>.log}, lines {@code label@pid}),
 * so a test can see what worker processes, including ones it killed, did, on a backend without Redis. Each line
 * is one append of a few bytes: lines of concurrent processes do not interleave.
 */
@TaskHandler
@Requires(property = "bgtasks.test.probe-dir")
public class FileProbeTasks {
    private final Path dir;
    private final long pid = ProcessHandle.current().pid();

    FileProbeTasks(@Value("${bgtasks.test.probe-dir}") Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public void mark(String key, String label) throws IOException {
        append(dir, key, label + "@" + pid);
    }

    public void sleepThenMark(String key, String label, long millis) throws IOException, InterruptedException {
        append(dir, key, label + ":start@" + pid);
        Thread.sleep(millis);
        append(dir, key, label + "@" + pid);
    }

    private static void append(Path dir, String key, String line) throws IOException {
        Files.write(file(dir, key), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** @return where the tasks of {@code key} record */
    public static Path file(Path dir, String key) {
        return dir.resolve(key + ".log");
    }

    /**
     * Waits for a line recorded under {@code key} that matches.
     *
     * @return the matching line
     * @throws AssertionError when none appears in time
     */
    public static String awaitLine(Path dir, String key, java.util.function.Predicate<String> wanted, long millis)
        throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < deadline) {
            lines = lines(dir, key);
            for (String line : lines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such line for " + key + " within " + millis + " ms; got " + lines);
    }

    /** @return the lines recorded for {@code key} so far */
    public static List<String> lines(Path dir, String key) throws IOException {
        Path file = file(dir, key);
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
