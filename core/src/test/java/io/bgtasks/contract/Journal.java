package io.bgtasks.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the {@link ContractTasks} did, per run key, in the order it happened. Every backend runs its tasks in the test's
 * JVM, so a static journal sees the real worker threads; a fresh key per test keeps tests apart on a shared storage.
 */
public final class Journal {
    /** One thing a task did: a label and when (epoch millis, the clock the backends' due times use). */
    public record Entry(String label, long at) {
    }

    private static final Map<String, List<Entry>> ENTRIES = new HashMap<>();
    private static final Set<String> RELEASED = ConcurrentHashMap.newKeySet();

    private Journal() {
    }

    static synchronized void write(String key, String label) {
        ENTRIES.computeIfAbsent(key, k -> new ArrayList<>()).add(new Entry(label, System.currentTimeMillis()));
        Journal.class.notifyAll();
    }

    /** @return how many entries with this label the key has so far */
    static synchronized int count(String key, String label) {
        return (int) entries(key).stream().filter(e -> e.label().equals(label)).count();
    }

    /** @return the key's entries so far, in order */
    public static synchronized List<Entry> entries(String key) {
        return List.copyOf(ENTRIES.getOrDefault(key, List.of()));
    }

    /** @return the key's labels so far, in order */
    public static List<String> labels(String key) {
        return entries(key).stream().map(Entry::label).toList();
    }

    /** Lets {@link ContractTasks#failUntilReleased} of this key succeed from now on (the cause was "fixed"). */
    public static void release(String key) {
        RELEASED.add(key);
    }

    static boolean released(String key) {
        return RELEASED.contains(key);
    }

    /**
     * Waits until the key's labels satisfy {@code done}; fails with what was seen when the timeout passes first.
     *
     * @return the labels that satisfied it
     */
    public static synchronized List<String> await(String key, Duration timeout, Predicate<List<String>> done)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(labels(key))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("after " + timeout.toMillis() + " ms the tasks of " + key + " did only " + labels(key));
            }
            Journal.class.wait(Math.max(1, left / 1_000_000));
        }
        return labels(key);
    }
}
