package io.bgtasks.app.images;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where uploaded images and their thumbnails live: a folder, {@code bgtasks-app.images-dir}. */
@Singleton
public class ImageStore {
    private final Path root;

    ImageStore(@Value("${bgtasks-app.images-dir:bgtasks-data/images}") Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath();
    }

    /** @param imageId an image id @return the path of the uploaded original */
    public Path original(String imageId) {
        return root.resolve(checked(imageId) + ".orig");
    }

    /** @param imageId an image id @return the path of its thumbnail (PNG) */
    public Path thumbnail(String imageId) {
        return root.resolve(checked(imageId) + "-thumb.png");
    }

    // ids are UUIDs: anything else (a "../", a slash, a NUL) must never become part of a path in this folder
    private static String checked(String imageId) {
        if (imageId == null || !imageId.matches(io.bgtasks.app.Inputs.UUID)) {
            throw new IllegalArgumentException("not an image id: image ids are UUIDs");
        }
        return imageId;
    }
}
