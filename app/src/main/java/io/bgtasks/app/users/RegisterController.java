package io.bgtasks.app.users;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.TaskHandle;
import io.bgtasks.app.db.Database;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.bgtasks.app.Inputs;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /register}: store the user, answer 201, send the welcome mail in the background. */
@Controller
class RegisterController {
    private final Database database;

    RegisterController(Database database) {
        this.database = database;
    }

    /**
     * The request.
     * @param email the user's address
     * @param name the user's name
     */
    @Serdeable
    record Registration(@NotBlank @Email @Size(max = 320) String email,
                        @NotBlank @Size(max = 200) @Pattern(regexp = Inputs.NO_CONTROL_CHARACTERS) String name) {
    }

    /**
     * The answer.
     * @param id the user id
     * @param taskIds the queued tasks (see GET /tasks/{id})
     */
    @Serdeable
    record Registered(String id, List<String> taskIds) {
    }

    @Post("/register")
    HttpResponse<?> register(@Valid @Body Registration registration, BackgroundTasks tasks) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO users (id, email, name, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, registration.email());
            s.setString(3, registration.name());
            s.setObject(4, OffsetDateTime.now());
            s.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
                return HttpResponse.status(HttpStatus.CONFLICT).body(Map.of("message", registration.email() + " is registered already"));
            }
            throw e;
        }
        tasks.addTask(UserTasks::sendWelcome, id, registration.email(), registration.name());
        return HttpResponse.created(new Registered(id, tasks.handles().stream().map(TaskHandle::id).toList()));
    }
}
