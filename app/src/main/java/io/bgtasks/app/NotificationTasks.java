package io.bgtasks.app;

import io.bgtasks.TaskHandler;
import io.micronaut.context.annotation.Value;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The tasks of FastAPI's first background-task example: append a line to a log file. */
// tag::task-handler[]
@TaskHandler
public class NotificationTasks {
    // end::task-handler[]
    private final Path logFile;

    NotificationTasks(@Value("${bgtasks-app.log-file:log.txt}") Path logFile) {
        this.logFile = logFile.toAbsolutePath();
        LoggerFactory.getLogger(NotificationTasks.class).info("notifications are written to {}", this.logFile);
    }

    /**
     * Appends {@code Notified: <email>} to the log file.
     *
     * @param email who was notified
     * @throws IOException when the file cannot be written
     */
    // tag::notify[]
    public void notifyByLog(String email) throws IOException {
        write("Notified: " + email);
    }
    // end::notify[]

    /**
     * Appends a message to the log file.
     *
     * @param message the line to write
     * @throws IOException when the file cannot be written
     */
    public void write(String message) throws IOException {
        synchronized (this) {
            Files.writeString(logFile, message + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
