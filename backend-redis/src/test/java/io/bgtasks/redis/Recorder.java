package io.bgtasks.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link RetryTasks} did, per test key, with the monotonic time of each event (retry spacing is measured on it).
 * Static, like the contract's journal: every worker of these tests runs in the test's JVM.
 */
final class Recorder {
    /** One thing a task did, and when ({@link System#nanoTime()}). */
    record Event(String label, long nanos) {
    }

    private static final Map<String, List<Event>> EVENTS = new ConcurrentHashMap<>();

    private Recorder() {
    }

    static void record(String key, String label) {
        List<Event> list = EVENTS.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            list.add(new Event(label, System.nanoTime()));
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
}
