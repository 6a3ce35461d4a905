package io.bgtasks.jobrunr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@link TestTasks} did, per test key, in order. Static, because the workers run in this JVM and a test may
 * start several contexts on one storage: whichever ran a task, the test sees it here.
 */
final class Recorder {
    /**
     * One thing a task did.
     *
     * @param label what happened
     * @param nanos  {@link System#nanoTime()} when it happened, for intervals
     * @param millis {@link System#currentTimeMillis()} when it happened, to compare with the due times JobRunr stores
     * @param node   the {@code bgtasks.test.node} of the context whose worker ran it
     */
    record Event(String label, long nanos, long millis, String node) {
    }

    private static final Map<String, List<Event>> EVENTS = new ConcurrentHashMap<>();

    private Recorder() {
    }

    static void record(String key, String label, String node) {
        List<Event> list = EVENTS.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            list.add(new Event(label, System.nanoTime(), System.currentTimeMillis(), node));
            list.notifyAll();
        }
    }

    static List<Event> events(String key) {
        List<Event> list = EVENTS.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    static List<String> labels(String key) {
        return events(key).stream().map(Event::label).toList();
    }

    /** Waits until {@code key} has at least {@code count} events; returns them (fewer on timeout). */
    static List<Event> await(String key, int count, Duration timeout) throws InterruptedException {
        List<Event> list = EVENTS.computeIfAbsent(key, k -> new ArrayList<>());
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (list) {
            while (list.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                list.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(list);
        }
    }
}
