package io.bgtasks.redis;

import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks with retry policies of their own, whose attempts the {@link Recorder} keeps with their times. */
@TaskHandler
public class RetryTasks {
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    /** Fails its first {@code failures} calls per key, then succeeds; 100 ms, then 200 ms between attempts. */
    @TaskRetry(attempts = 3, delay = "100ms", multiplier = 2.0, jitter = 0.0)
    public void flaky(String key, int failures) {
        int call = CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Recorder.record(key, "attempt-" + call);
        if (call <= failures) {
            throw new IllegalStateException("flaky failure " + call);
        }
    }

    /** Always fails, with an exception type its policy does not retry. */
    @TaskRetry(attempts = 5, delay = "50ms", ignore = IllegalArgumentException.class)
    public void rejects(String key) {
        Recorder.record(key, "rejected");
        throw new IllegalArgumentException("not retryable");
    }
}
