package io.bgtasks.app.matrix;

import io.bgtasks.TaskHandler;
import io.bgtasks.app.support.Recorder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks of the failure matrix. None declares a retry policy: each backend's default applies. */
@TaskHandler
public class MatrixTasks {
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private final Recorder recorder;

    MatrixTasks(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Fails its first {@code failures} calls for this key, then succeeds. */
    public void failTimes(String key, int failures) {
        int call = CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        recorder.record(key, "call-" + call);
        if (call <= failures) {
            throw new IllegalStateException("failure " + call + " of " + failures);
        }
    }

    public void record(String key, String label) {
        recorder.record(key, label);
    }

    public void sleep(String key, long millis) throws InterruptedException {
        recorder.record(key, "start");
        Thread.sleep(millis);
        recorder.record(key, "end");
    }
}
