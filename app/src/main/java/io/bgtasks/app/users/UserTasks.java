package io.bgtasks.app.users;

import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;
import io.bgtasks.app.db.Database;
import io.bgtasks.app.mail.Mailer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;

/** Background work after a registration. */
@TaskHandler
public class UserTasks {
    private final Mailer mailer;
    private final Database database;

    UserTasks(Mailer mailer, Database database) {
        this.mailer = mailer;
        this.database = database;
    }

    /**
     * Sends the welcome mail and notes when it went out. Retried when SMTP is down (on the durable backends the
     * retries survive a restart).
     *
     * @param userId the new user's id
     * @param email  where to send it
     * @param name   how to greet
     * @throws Exception when the mail cannot be sent
     */
    @TaskRetry(attempts = 5, delay = "2s")
    public void sendWelcome(String userId, String email, String name) throws Exception {
        mailer.send(email, "Welcome, " + name + "!", "Hello " + name + ",\n\nthanks for registering.\n");
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE users SET welcomed_at = ? WHERE id = ?")) {
            s.setObject(1, OffsetDateTime.now());
            s.setString(2, userId);
            s.executeUpdate();
        }
    }
}
