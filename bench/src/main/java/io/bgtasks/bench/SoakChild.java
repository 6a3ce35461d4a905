package io.bgtasks.bench;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process of the soak run ({@link SoakScenario}), talking to the coordinator in lines on stdout:
 *
 * <pre>
 * java -cp bench.jar io.bgtasks.bench.SoakChild worker|producer BACKEND
 * </pre>
 *
 * A worker runs the backend's worker until its stdin closes or it is SIGKILLed. A producer submits
 * {@link SoakSettings#RATE} one-task batches per second, evenly paced, each numbered from 0, and prints
 * {@code acked <n> <failed>} every second: a batch is counted once its submit returned (the backend stored it) and
 * failed when the submit threw; at the end of its stdin it stops and prints {@code final <n> <failed>}. Both print
 * {@code ready} once started and their memory every 2 s ({@link SelfReport}).
 */
public final class SoakChild {
    private SoakChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean worker = args[0].equals("worker");
        Backends backend = Backends.of(args[1]);
        SelfReport.start();
        try (ApplicationContext ctx = ApplicationContext.builder().properties(SoakSettings.properties(backend, worker))
            .deduceEnvironment(false).start()) {
            say("ready");
            if (worker) {
                awaitStdinEnd();
            } else {
                produce(ctx.getBean(TaskSubmitter.class));
            }
        }
        System.exit(0);
    }

    private static void produce(TaskSubmitter submitter) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread.ofPlatform().daemon().start(() -> {
            awaitStdinEnd();
            stop.set(true);
        });
        long gapNanos = TimeUnit.SECONDS.toNanos(1) / SoakSettings.RATE;
        long t0 = System.nanoTime();
        long nextReport = t0;
        int acked = 0;
        int failed = 0;
        for (int i = 0; !stop.get(); i++) {
            long due = t0 + i * gapNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            try {
                if (SoakSettings.KEYED) {
                    submitter.submit("soak-" + n, t -> t.addTask(SoakTasks::soak, n));
                } else {
                    submitter.submit(t -> t.addTask(SoakTasks::soak, n));
                }
                acked++;
            } catch (RuntimeException e) {
                // not stored: not counted as acknowledged, so a missing run of it is no loss
                failed++;
                System.err.println("[soak producer] submit " + n + " failed: " + e);
            }
            if (System.nanoTime() >= nextReport) {
                say("acked " + acked + " " + failed);
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
        }
        say("final " + acked + " " + failed);
    }

    private static void awaitStdinEnd() {
        try {
            while (System.in.read() >= 0) {
                // the coordinator never writes; end of input means stop
            }
        } catch (IOException e) {
            // the coordinator is gone: stop as well
        }
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
