package io.bgtasks.app.support;

import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;
import io.micronaut.context.annotation.Executable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Task methods used by the end-to-end tests. Every event goes to the {@link Recorder} under a test's key. */
@TaskHandler
public class TestTasks {
    private static Recorder staticRecorder;
    private final Recorder recorder;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    TestTasks(Recorder recorder) {
        this.recorder = recorder;
        staticRecorder = recorder;
    }

    public void record(String key, String label) {
        recorder.record(key, label);
    }

    public void sleepThenRecord(String key, String label, long millis) throws InterruptedException {
        recorder.record(key, label + ":start");
        Thread.sleep(millis);
        recorder.record(key, label);
    }

    public void fail(String key, String label) {
        recorder.record(key, label + ":failing");
        throw new IllegalStateException("task " + label + " failed on purpose");
    }

    public CompletionStage<Void> asyncRecord(String key, String label, long millis) {
        return CompletableFuture.runAsync(() -> recorder.record(key, label),
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    public Publisher<Void> reactiveRecord(String key, String label, long millis) {
        return Mono.delay(Duration.ofMillis(millis)).doOnNext(x -> recorder.record(key, label)).then();
    }

    /** Fails its first {@code failures} calls per key, then records. */
    // tag::task-retry[]
    @TaskRetry(attempts = 3, delay = "100ms", multiplier = 2.0, jitter = 0.0)
    public void flaky(String key, int failures) {
        // end::task-retry[]
        int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        recorder.record(key, "attempt-" + call);
        if (call <= failures) {
            throw new IllegalStateException("flaky failure " + call);
        }
    }

    /** Always fails with an exception type its policy does not retry. */
    @TaskRetry(attempts = 5, delay = "50ms", ignore = IllegalArgumentException.class)
    public void rejects(String key) {
        recorder.record(key, "rejected");
        throw new IllegalArgumentException("not retryable");
    }

    public void recordThread(String key) {
        recorder.record(key, "thread");
    }

    @Executable
    public static void staticRecord(String key, String label) {
        staticRecorder.record(key, label);
    }
}
