package io.bgtasks.bench;

import io.micronaut.context.ApplicationContext;

import java.io.IOException;

/**
 * The worker process of {@link RemoteLatency}: a worker context (concurrency LAT_CONCURRENCY) of the given backend
 * (Redis, or JobRunr on PostgreSQL) on the given key prefix, in its own JVM as a web process's workers would be.
 * Says {@code ready} on stdout, then each task it runs prints its start ({@link RemoteStarts}); it stops when its
 * stdin closes.
 */
public final class LatencyWorker {
    private LatencyWorker() {
    }

    public static void main(String[] args) throws IOException {
        Backends backend = args.length > 1 ? Backends.valueOf(args[1]) : Backends.REDIS;
        if (backend == Backends.JOBRUNR) {
            PgStore.adopt(args[0]); // the producer made the schema: keep it
        }
        try (ApplicationContext worker = backend.worker(args[0], Knobs.LAT_CONCURRENCY)) {
            RemoteStarts.ready();
            while (System.in.read() >= 0) {
                // the producer never writes; end of input means stop
            }
        }
        System.exit(0);
    }
}
