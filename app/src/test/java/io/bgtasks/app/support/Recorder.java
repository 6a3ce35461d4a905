package io.bgtasks.app.support;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What test tasks did, per test key, with the monotonic time of each event. */
@Singleton
public class Recorder {
    /**
     * One thing a task did.
     *
     * @param label   what happened
     * @param nanos   {@link System#nanoTime()} when it happened
     * @param thread  the name of the thread that ran it
     * @param virtual whether that thread was virtual
     */
    public record Event(String label, long nanos, String thread, boolean virtual) {
    }

    private final Map<String, List<Event>> events = new ConcurrentHashMap<>();

    public void record(String key, String label) {
        Thread t = Thread.currentThread();
        List<Event> list = events.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            list.add(new Event(label, System.nanoTime(), t.getName(), t.isVirtual()));
            list.notifyAll();
        }
    }

    public List<Event> events(String key) {
        List<Event> list = events.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    public List<String> labels(String key) {
        return events(key).stream().map(Event::label).toList();
    }

    /** Waits until {@code key} has at least {@code count} events; returns them (fewer on timeout). */
    public List<Event> await(String key, int count, Duration timeout) throws InterruptedException {
        List<Event> list = events.computeIfAbsent(key, k -> new ArrayList<>());
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
