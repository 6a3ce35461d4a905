package io.bgtasks.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Task starts told across processes: the worker JVM prints {@code started <job> <epoch nanos>} lines on stdout, the
 * producer reads them. Both read the same wall clock (CLOCK_REALTIME, microsecond resolution here), which is what
 * makes a pickup measured across two JVMs comparable with one measured in one.
 */
final class RemoteStarts {
    private static final String STARTED = "started ";
    // stdout as the worker JVM started, before logging could wrap it
    private static final PrintStream OUT = System.out;

    private final BlockingQueue<long[]> starts = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> ready = new LinkedBlockingQueue<>();

    private RemoteStarts() {
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** In the worker: a task started. */
    static void started(int job) {
        long at = epochNanos();
        synchronized (OUT) {
            OUT.println(STARTED + job + " " + at);
            OUT.flush();
        }
    }

    /** In the worker: its context is up. */
    static void ready() {
        synchronized (OUT) {
            OUT.println("ready");
            OUT.flush();
        }
    }

    /** In the producer: reads the worker's output on a thread of its own (other lines, such as logs, are skipped). */
    static RemoteStarts reading(BufferedReader output) {
        RemoteStarts starts = new RemoteStarts();
        Thread.ofVirtual().name("remote-starts").start(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    if (line.equals("ready")) {
                        starts.ready.add(true);
                    } else if (line.startsWith(STARTED)) {
                        String[] parts = line.split(" ");
                        starts.starts.add(new long[] {Integer.parseInt(parts[1]), Long.parseLong(parts[2])});
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the worker is gone; awaits below time out
            }
        });
        return starts;
    }

    void awaitReady(long millis) throws InterruptedException {
        if (ready.poll(millis, TimeUnit.MILLISECONDS) == null) {
            throw new IllegalStateException("the latency worker did not start within " + millis + " ms");
        }
    }

    /** @return the epoch nanos at which {@code job} started in the worker */
    long awaitStart(int job, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long[] next = starts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IllegalStateException("job " + job + " did not start within " + millis + " ms");
            }
            if (next[0] == job) {
                return next[1];
            }
        }
    }
}
