package io.bgtasks.contract;

import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;
import io.bgtasks.engine.BatchExecutor;
import org.slf4j.MDC;

/**
 * The tasks the contract runs on every backend. Each writes to the {@link Journal} under a run key, so a test sees
 * which steps ran, in which order and when; the failing ones say in their message which label failed.
 */
@TaskHandler
public class ContractTasks {
    /** The first retry's delay of {@link #flaky}, and its jitter: a retry never comes sooner than half of it. */
    public static final long FLAKY_DELAY_MILLIS = 300;
    public static final double FLAKY_JITTER = 0.5;

    /** Writes {@code label}. */
    public void record(String key, String label) {
        Journal.write(key, label);
    }

    /** Writes {@code label:start}, sleeps (a shutdown interrupts it), then writes {@code label}. */
    public void sleep(String key, String label, long millis) throws InterruptedException {
        Journal.write(key, label + ":start");
        Thread.sleep(millis);
        Journal.write(key, label);
    }

    /** Fails its first {@code failures} attempts (writing {@code label!} each time), then writes {@code label}. */
    @TaskRetry(attempts = 3, delay = "300ms", multiplier = 1.0, jitter = FLAKY_JITTER, maxDelay = "300ms")
    public void flaky(String key, String label, int failures) {
        if (Journal.count(key, label + "!") < failures) {
            Journal.write(key, label + "!");
            throw new IllegalStateException("flaky " + label + " fails on purpose");
        }
        Journal.write(key, label);
    }

    /** Fails for good at once: one attempt on every backend, whatever its default policy. */
    @TaskRetry(attempts = 1)
    public void fail(String key, String label) {
        Journal.write(key, label + "!");
        throw new IllegalStateException("step " + label + " fails on purpose");
    }

    /** Fails (writing {@code label!}) until the test {@link Journal#release releases} the key, then writes {@code label}. */
    public void failUntilReleased(String key, String label) {
        if (!Journal.released(key)) {
            Journal.write(key, label + "!");
            throw new IllegalStateException("step " + label + " fails until released");
        }
        Journal.write(key, label);
    }

    /** Writes {@code label} and the task id the logging MDC holds while it runs. Used only by the observer test. */
    public void observed(String key, String label) {
        Journal.write(key, label + "@" + MDC.get(BatchExecutor.MDC_TASK) + "@" + MDC.get(BatchExecutor.MDC_BATCH));
    }

    /** Fails for good at once, like {@link #fail}; used only by the observer test, so its meters are that test's. */
    @TaskRetry(attempts = 1)
    public void observedFail(String key, String label) {
        Journal.write(key, label + "!");
        throw new IllegalStateException("observed step " + label + " fails on purpose");
    }

    /** Writes {@code label}; used only by the queue-wait test, so its timer is that test's. */
    public void waited(String key, String label) {
        Journal.write(key, label);
    }

    /** The delay of {@link #failOnceSlowly}'s retry: long enough to tell apart from a worker's pick-up. */
    public static final long SLOW_RETRY_MILLIS = 1000;

    /** Fails its first attempt (writing {@code label!}), then writes {@code label}; its retry comes a second later. */
    @TaskRetry(attempts = 2, delay = "1000ms", multiplier = 1.0, jitter = 0, maxDelay = "1000ms")
    public void failOnceSlowly(String key, String label) {
        if (Journal.count(key, label + "!") == 0) {
            Journal.write(key, label + "!");
            throw new IllegalStateException("slow " + label + " fails once on purpose");
        }
        Journal.write(key, label);
    }

    /** Writes the id of the batch it runs in (from the logging MDC): a recurring tick's batch id names its tick. */
    public void recordBatch(String key) {
        Journal.write(key, MDC.get(BatchExecutor.MDC_BATCH));
    }
}
