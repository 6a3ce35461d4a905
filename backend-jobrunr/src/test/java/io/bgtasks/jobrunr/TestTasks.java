package io.bgtasks.jobrunr;

import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;
import io.micronaut.context.annotation.Value;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The tasks of this module's JobRunr tests (besides the contract's): each records to the {@link Recorder}. */
@TaskHandler
public class TestTasks {
    private final String node;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    TestTasks(@Value("${bgtasks.test.node:local}") String node) {
        this.node = node;
    }

    /** Records {@code label}. */
    public void record(String key, String label) {
        Recorder.record(key, label, node);
    }

    /** Sleeps, then records {@code label}. */
    public void sleepThenRecord(String key, String label, long millis) throws InterruptedException {
        Thread.sleep(millis);
        Recorder.record(key, label, node);
    }

    /** Records {@code label:failing} and fails; the default policy decides about retries. */
    public void fail(String key, String label) {
        Recorder.record(key, label + ":failing", node);
        throw new IllegalStateException("task " + label + " failed on purpose");
    }

    /** Fails its first {@code failures} calls per key, then records; spaced 100 ms, then 200 ms, without jitter. */
    @TaskRetry(attempts = 3, delay = "100ms", multiplier = 2.0, jitter = 0.0)
    public void flaky(String key, int failures) {
        int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Recorder.record(key, "attempt-" + call, node);
        if (call <= failures) {
            throw new IllegalStateException("flaky failure " + call);
        }
    }

    /** Always fails with an exception type its policy does not retry. */
    @TaskRetry(attempts = 5, delay = "50ms", ignore = IllegalArgumentException.class)
    public void rejects(String key) {
        Recorder.record(key, "rejected", node);
        throw new IllegalArgumentException("not retryable");
    }
}
