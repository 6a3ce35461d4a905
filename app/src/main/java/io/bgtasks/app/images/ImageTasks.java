package io.bgtasks.app.images;

import io.bgtasks.TaskHandler;
import io.bgtasks.app.db.Database;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;

/** CPU work after an upload: a thumbnail at most {@value #MAX_SIDE} pixels on its longer side. */
@TaskHandler
public class ImageTasks {
    static final int MAX_SIDE = 160;
    private final ImageStore store;
    private final Database database;

    ImageTasks(ImageStore store, Database database) {
        this.store = store;
        this.database = database;
    }

    /**
     * Scales the original down with bicubic interpolation and records where the thumbnail is.
     *
     * @param imageId the uploaded image
     * @throws Exception when the file is not an image ImageIO can read (the task fails with that reason)
     */
    public void makeThumbnail(String imageId) throws Exception {
        BufferedImage original = ImageIO.read(store.original(imageId).toFile());
        if (original == null) {
            throw new IOException("image " + imageId + " is not in a format ImageIO can read (PNG, JPEG, GIF, BMP)");
        }
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(original.getWidth(), original.getHeight()));
        int w = Math.max(1, (int) Math.round(original.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(original.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = thumb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(original, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        // write then move: a reader never sees half a file, and a redelivered task just writes it again
        Path target = store.thumbnail(imageId);
        Path partial = Files.createTempFile(target.getParent(), imageId, ".part");
        ImageIO.write(thumb, "png", partial.toFile());
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE images SET thumbnail = ? WHERE id = ?")) {
            s.setString(1, target.toString());
            s.setString(2, imageId);
            s.executeUpdate();
        }
    }
}
