package io.bgtasks.app.images;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.TaskHandle;
import io.bgtasks.app.Inputs;
import io.bgtasks.app.db.Database;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.serde.annotation.Serdeable;

import jakarta.validation.constraints.Pattern;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /upload-image} (multipart, field {@code file}): store the file, make the thumbnail in the
 * background; {@code GET /images/{id}} tells whether it is ready, {@code GET /images/{id}/thumbnail} serves it.
 */
@Controller
class ImageController {
    private final Database database;
    private final ImageStore store;

    ImageController(Database database, ImageStore store) {
        this.database = database;
        this.store = store;
    }

    /**
     * The answer to an upload.
     * @param imageId the image
     * @param taskIds the queued tasks
     */
    @Serdeable
    record Uploaded(String imageId, List<String> taskIds) {
    }

    /**
     * An image.
     * @param id id
     * @param filename uploaded name
     * @param thumbnailReady whether the thumbnail exists
     */
    @Serdeable
    record Image(String id, String filename, boolean thumbnailReady) {
    }

    @Post(value = "/upload-image", consumes = MediaType.MULTIPART_FORM_DATA)
    HttpResponse<?> upload(CompletedFileUpload file, BackgroundTasks tasks) throws IOException, SQLException {
        String id = UUID.randomUUID().toString();
        try (InputStream in = file.getInputStream()) {
            Files.copy(in, store.original(id));
        }
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO images (id, filename, original, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, file.getFilename());
            s.setString(3, store.original(id).toString());
            s.setObject(4, OffsetDateTime.now());
            s.executeUpdate();
        }
        tasks.addTask(ImageTasks::makeThumbnail, id);
        return HttpResponse.accepted().body(new Uploaded(id, tasks.handles().stream().map(TaskHandle::id).toList()));
    }

    @Get("/images/{id}")
    HttpResponse<?> image(@PathVariable @Pattern(regexp = Inputs.UUID) String id) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT filename, thumbnail FROM images WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? HttpResponse.ok(new Image(id, r.getString(1), r.getString(2) != null))
                    : HttpResponse.notFound(Map.of("message", "no image " + id));
            }
        }
    }

    @Get(value = "/images/{id}/thumbnail", produces = "image/png")
    HttpResponse<?> thumbnail(@PathVariable @Pattern(regexp = Inputs.UUID) String id) throws IOException {
        var path = store.thumbnail(id);
        return Files.exists(path) ? HttpResponse.ok(Files.readAllBytes(path))
            : HttpResponse.notFound(Map.of("message", "no thumbnail for " + id + " yet: poll GET /tasks/{taskId}"))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
