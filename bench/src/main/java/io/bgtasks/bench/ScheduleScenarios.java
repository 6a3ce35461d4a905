package io.bgtasks.bench;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Delayed tasks ({@code startAt}): how close to its due time a task starts. A sample is the task's start minus its
 * due time, both on the wall clock (the clock a due time is set on), in ms; negative means it started early.
 * Due times are whole epoch ms, as BullMQ's and Celery's are, so no backend is asked for sub-ms precision.
 * <ul>
 *   <li>{@code schedule}: one batch at a time, due {@link Knobs#SCHED_DELAY_MS} after its submission, idle worker;</li>
 *   <li>{@code schedule-burst}: many batches submitted ahead in bulk, due evenly over a spread of time.</li>
 * </ul>
 */
final class ScheduleScenarios {
    private final Backends backend;
    private final RedisAdmin redis;
    private final CpuMeter cpu;
    private int seq;

    ScheduleScenarios(Backends backend, RedisAdmin redis, CpuMeter cpu) {
        this.backend = backend;
        this.redis = redis;
        this.cpu = cpu;
    }

    private String prefix(String tag) {
        return "{bench-" + ProcessHandle.current().pid() + "-" + tag + "-" + (++seq) + "}";
    }

    /**
     * Precision with an idle worker: submit, wait for the start, LAT_GAP_MS (plus up to SCHED_JITTER_MS), next;
     * {@code warm} unmeasured first.
     */
    void idle(int measured, int warm, long delayMs, boolean report) throws Exception {
        String prefix = prefix("sched");
        try (ApplicationContext ctx = backend.worker(prefix, Knobs.LAT_CONCURRENCY)) {
            TaskSubmitter submitter = ctx.getBean(TaskSubmitter.class);
            TimeUnit.MILLISECONDS.sleep(200); // let the worker reach its idle wait
            long[] starts = Probe.expectStarts(warm + measured);
            double[] late = new double[measured];
            double[] submit = new double[measured];
            CpuMeter.Snap c0 = cpu.snap();
            long tMeasure = System.nanoTime();
            for (int i = 0; i < warm + measured; i++) {
                if (i == warm) {
                    c0 = cpu.snap();
                    tMeasure = System.nanoTime();
                }
                int job = i;
                var started = Probe.expectPickup(job);
                long due = System.currentTimeMillis() + delayMs;
                long a = System.nanoTime();
                submitter.submit(t -> t.startAt(Instant.ofEpochMilli(due)).addTask(NoopTasks::due, job));
                long stored = System.nanoTime();
                started.get(delayMs + Knobs.STALL_MS, TimeUnit.MILLISECONDS);
                if (i >= warm) {
                    late[i - warm] = (starts[i] - due * 1000) / 1e3;
                    submit[i - warm] = (stored - a) / 1e6;
                }
                long gapMicros = Knobs.LAT_GAP_MS * 1000L + (long) (Math.random() * Knobs.SCHED_JITTER_MS * 1000);
                if (gapMicros > 0) {
                    TimeUnit.MICROSECONDS.sleep(gapMicros);
                }
            }
            long nanos = System.nanoTime() - tMeasure;
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("delay_ms", delayMs);
            extras.put("jitter_ms", Knobs.SCHED_JITTER_MS);
            extras.put("concurrency", Knobs.LAT_CONCURRENCY);
            extras.put("gap_ms", Knobs.LAT_GAP_MS);
            extras.putAll(spread(late));
            double[] sortedSubmit = submit.clone();
            Arrays.sort(sortedSubmit);
            extras.put("submit_p99_ms", Emitter.r3(Emitter.pct(sortedSubmit, 99)));
            extras.putAll(cpu.since(c0));
            if (report) {
                Emitter.emit(backend.system(), "schedule", measured, nanos, late, extras);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }

    /**
     * A burst: {@code n} batches submitted in bulk, job k due at firstDue + k * spreadMs / n, where firstDue is
     * {@code leadMs} after the first submission. Besides the lateness of each, {@code last_late_ms} is how long after
     * the last due time the last task started, and {@code submit_margin_ms} how long before the first due time the
     * submissions ended. The timed window ({@code seconds}, {@code jobs_per_s}) runs from the
     * first due time (or the first start, if one came earlier) to the last start.
     */
    void burst(int n, long leadMs, long spreadMs, boolean report) throws Exception {
        String prefix = prefix("burst");
        try (ApplicationContext ctx = backend.worker(prefix, Knobs.C)) {
            TaskSubmitter submitter = ctx.getBean(TaskSubmitter.class);
            TimeUnit.MILLISECONDS.sleep(200); // let the worker reach its idle wait
            long[] starts = Probe.expectStarts(n);
            CpuMeter.Snap c0 = cpu.snap();
            long firstDue = System.currentTimeMillis() + leadMs;
            long a = System.nanoTime();
            for (int i = 0; i < n; i += Knobs.PRELOAD_CHUNK) {
                List<Integer> items = IntStream.range(i, Math.min(n, i + Knobs.PRELOAD_CHUNK)).boxed().toList();
                submitter.submitAll(items, (k, t) -> t.startAt(Instant.ofEpochMilli(due(firstDue, k, n, spreadMs)))
                    .addTask(NoopTasks::due, k));
            }
            long submitNanos = System.nanoTime() - a;
            long submitEnd = System.currentTimeMillis();
            Probe.awaitAll(Knobs.STALL_MS + leadMs + spreadMs);
            Map<String, Object> cpuSplit = cpu.since(c0);
            double[] late = new double[n];
            long firstStart = Long.MAX_VALUE;
            long lastStart = Long.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                late[k] = (starts[k] - due(firstDue, k, n, spreadMs) * 1000) / 1e3;
                firstStart = Math.min(firstStart, starts[k]);
                lastStart = Math.max(lastStart, starts[k]);
            }
            long windowMicros = Math.max(1, lastStart - Math.min(firstStart, firstDue * 1000));
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("lead_ms", leadMs);
            extras.put("spread_ms", spreadMs);
            extras.put("chunk", Knobs.PRELOAD_CHUNK);
            extras.put("concurrency", Knobs.C);
            extras.put("last_late_ms", Emitter.r3((lastStart - due(firstDue, n - 1, n, spreadMs) * 1000) / 1e3));
            extras.putAll(spread(late));
            extras.put("submit_s", Emitter.r3(submitNanos / 1e9));
            // negative: the submissions were still going on when the first batches fell due
            extras.put("submit_margin_ms", firstDue - submitEnd);
            extras.putAll(cpuSplit);
            if (report) {
                Emitter.emit(backend.system(), "schedule-burst", n, windowMicros * 1000, late, extras);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }

    /** Due time (epoch ms) of job k of n spread evenly over spreadMs from firstDue. */
    private static long due(long firstDue, int k, int n, long spreadMs) {
        return firstDue + k * spreadMs / n;
    }

    /** min, p90, max and how many started before their due time: the tail and the early side of the samples. */
    private static Map<String, Object> spread(double[] late) {
        double[] sorted = late.clone();
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_ms", Emitter.r3(sorted[0]));
        m.put("p90_ms", Emitter.r3(Emitter.pct(sorted, 90)));
        m.put("max_ms", Emitter.r3(sorted[sorted.length - 1]));
        m.put("early", Arrays.stream(sorted).filter(x -> x < 0).count());
        return m;
    }
}
