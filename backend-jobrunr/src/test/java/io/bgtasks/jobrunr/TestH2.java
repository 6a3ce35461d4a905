package io.bgtasks.jobrunr;

import java.nio.file.Path;
import java.util.UUID;

/** Where a test keeps its jobs on H2: a file of its own under target/, so tests never see each other's jobs. */
final class TestH2 {
    private TestH2() {
    }

    /** @return the path of an H2 database no other test uses */
    static String freshPath() {
        return Path.of("target", "jobrunr-h2", UUID.randomUUID().toString().substring(0, 8), "jobrunr").toAbsolutePath().toString();
    }
}
