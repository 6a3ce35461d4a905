package io.bgtasks.bench;

import io.bgtasks.TaskSubmitter;
import io.bgtasks.jobrunr.JobRunrStorage;
import io.micronaut.context.ApplicationContext;
import redis.clients.jedis.AbstractTransaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The queue scenarios of the BullMQ peer, through the public API an application uses ({@link TaskSubmitter},
 * a worker context): {@code add}, {@code add-bulk}, {@code process}, {@code latency}, plus {@code memory}
 * (Redis bytes per queued task). Each uses a fresh key prefix and deletes its keys afterwards.
 */
final class QueueScenarios {
    private final Backends backend;
    private final RedisAdmin redis;
    private final CpuMeter cpu;
    private int seq;

    QueueScenarios(Backends backend, RedisAdmin redis, CpuMeter cpu) {
        this.backend = backend;
        this.redis = redis;
        this.cpu = cpu;
    }

    private String prefix(String tag) {
        return "{bench-" + ProcessHandle.current().pid() + "-" + tag + "-" + (++seq) + "}";
    }

    /** N sequential single submissions, each one batch of one task: BullMQ's {@code await queue.add()}. */
    void add(int n, boolean report) {
        String prefix = prefix("add");
        try (ApplicationContext ctx = backend.producer(prefix)) {
            TaskSubmitter submitter = ctx.getBean(TaskSubmitter.class);
            double[] lat = new double[n];
            CpuMeter.Snap c0 = cpu.snap();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int job = i;
                long a = System.nanoTime();
                submitter.submit(t -> t.addTask(NoopTasks::noop, job));
                lat[i] = (System.nanoTime() - a) / 1e6;
            }
            long nanos = System.nanoTime() - t0;
            Map<String, Object> extras = cpu.since(c0);
            if (report) {
                Emitter.emit(backend.system(), "add", n, nanos, lat, extras);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }

    /** N jobs through {@link TaskSubmitter#submitAll} in calls of {@code chunk} batches: BullMQ's {@code addBulk}. */
    void addBulk(String scenario, int n, int chunk, Job job, boolean report) {
        String prefix = prefix("bulk");
        try (ApplicationContext ctx = backend.producer(prefix)) {
            TaskSubmitter submitter = ctx.getBean(TaskSubmitter.class);
            List<Double> lat = new ArrayList<>();
            CpuMeter.Snap c0 = cpu.snap();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += chunk) {
                List<Integer> items = IntStream.range(i, Math.min(n, i + chunk)).boxed().toList();
                long a = System.nanoTime();
                submitter.submitAll(items, (k, t) -> job.adder().add(k, t));
                lat.add((System.nanoTime() - a) / 1e6);
            }
            long nanos = System.nanoTime() - t0;
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("chunk", chunk);
            extras.put("job", job.label());
            extras.putAll(cpu.since(c0));
            if (report) {
                Emitter.emit(backend.system(), scenario, n, nanos, lat.stream().mapToDouble(Double::doubleValue).toArray(), extras);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }

    /**
     * N pre-loaded jobs drained by one worker with concurrency C, timed until the last one is acknowledged
     * (the peer times until the N-th {@code completed} event, which BullMQ emits after moving the job to
     * completed). On Redis the jobs are stored by a producer first; then, with the worker already started
     * and idle, the whole queue is made visible at once (a RENAME of the stored wait list, plus the wake-up
     * marker an enqueue sets), so the worker's start-up is not timed but its first fetch is, as the peer
     * times from {@code worker.run()}. On JobRunr the worker context starts after the preload and the time runs
     * from its start-up event (storage opened, server started and polling are all counted) until JobRunr has
     * nothing enqueued or processing, as {@link RawJobRunr} does. In memory nothing can be stored ahead: the
     * time includes the submissions ({@code preloaded: false}).
     */
    void process(String scenario, int n, Job job, boolean report) throws Exception {
        String prefix = prefix("proc");
        long tasks = (long) n * job.steps();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("concurrency", Knobs.C);
        extras.put("job", job.label());
        extras.put("tasks", tasks);
        long nanos;
        Probe.expect(tasks);
        try {
            if (backend == Backends.JOBRUNR) {
                try (ApplicationContext producer = backend.producer(prefix)) {
                    preload(producer.getBean(TaskSubmitter.class), n, job);
                }
                try (MemorySampler memory = new MemorySampler()) {
                    CpuMeter.Snap c0 = cpu.snap();
                    try (ApplicationContext worker = backend.worker(prefix, Knobs.C)) {
                        long t0 = worker.getBean(StartClock.class).nanos();
                        long lastTask = Probe.awaitAll(Knobs.STALL_MS);
                        awaitJobRunrDrained(worker.getBean(JobRunrStorage.class).provider());
                        nanos = System.nanoTime() - t0;
                        extras.put("last_task_s", Emitter.r3((lastTask - t0) / 1e9));
                        extras.put("preloaded", true);
                        extras.putAll(cpu.since(c0));
                        extras.putAll(memory.extras());
                    }
                }
            } else if (backend == Backends.REDIS) {
                try (ApplicationContext producer = backend.producer(prefix)) {
                    preload(producer.getBean(TaskSubmitter.class), n, job);
                }
                long queued = redis.client().llen(prefix + ":wait");
                if (queued != n) {
                    throw new IllegalStateException("preload: expected " + n + " queued batches, found " + queued);
                }
                redis.client().rename(prefix + ":wait", prefix + ":staged");
                try (ApplicationContext worker = backend.worker(prefix, Knobs.C);
                     MemorySampler memory = new MemorySampler()) {
                    TimeUnit.MILLISECONDS.sleep(200); // the worker reaches its idle wait on the marker
                    CpuMeter.Snap c0 = cpu.snap();
                    long t0 = System.nanoTime();
                    try (AbstractTransaction tx = redis.client().multi()) {
                        tx.rename(prefix + ":staged", prefix + ":wait");
                        tx.zadd(prefix + ":marker", 0, "m");
                        tx.exec();
                    }
                    long lastTask = Probe.awaitAll(Knobs.STALL_MS);
                    awaitAcknowledged(prefix);
                    long t1 = System.nanoTime();
                    nanos = t1 - t0;
                    extras.put("last_task_s", Emitter.r3((lastTask - t0) / 1e9));
                    extras.put("preloaded", true);
                    extras.putAll(cpu.since(c0));
                    extras.putAll(memory.extras());
                }
            } else {
                try (ApplicationContext ctx = backend.worker(prefix, Knobs.C);
                     MemorySampler memory = new MemorySampler()) {
                    TaskSubmitter submitter = ctx.getBean(TaskSubmitter.class);
                    CpuMeter.Snap c0 = cpu.snap();
                    long t0 = System.nanoTime();
                    preload(submitter, n, job);
                    nanos = Probe.awaitAll(Knobs.STALL_MS) - t0;
                    extras.put("preloaded", false);
                    extras.putAll(cpu.since(c0));
                    extras.putAll(memory.extras());
                }
            }
            extras.put("failed", tasks - Probe.doneCount());
            if (report) {
                Emitter.emit(backend.system(), scenario, tasks, nanos, null, extras);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }

    private static void preload(TaskSubmitter submitter, int n, Job job) {
        for (int i = 0; i < n; i += Knobs.PRELOAD_CHUNK) {
            submitter.submitAll(IntStream.range(i, Math.min(n, i + Knobs.PRELOAD_CHUNK)).boxed().toList(),
                (k, t) -> job.adder().add(k, t));
        }
    }

    /** Waits (polling every ms) until nothing is queued or leased: every finished batch is acknowledged. */
    private void awaitAcknowledged(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Knobs.STALL_MS);
        // wait first, then active: a batch moving from one to the other is counted twice, never missed
        while (redis.client().llen(prefix + ":wait") + redis.client().zcard(prefix + ":active") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("finished batches were not acknowledged within " + Knobs.STALL_MS + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    /** Waits (polling every 10 ms) until JobRunr has no job enqueued or processing: the last states are stored. */
    static void awaitJobRunrDrained(org.jobrunr.storage.StorageProvider storage) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Knobs.STALL_MS);
        for (var stats = storage.getJobStats(); stats.getEnqueued() + stats.getProcessing() > 0; stats = storage.getJobStats()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JobRunr still has " + stats.getEnqueued() + " enqueued and "
                    + stats.getProcessing() + " processing jobs after " + Knobs.STALL_MS + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * Pickup latency with an idle worker (concurrency LAT_CONCURRENCY): from just before the submission to
     * the task's start, one job at a time, LAT_GAP_MS between jobs, LAT_WARMUP unmeasured first.
     */
    void latency(int measured, int warm, boolean report) throws Exception {
        String prefix = prefix("lat");
        try (ApplicationContext ctx = backend.worker(prefix, Knobs.LAT_CONCURRENCY)) {
            TaskSubmitter submitter = ctx.getBean(TaskSubmitter.class);
            TimeUnit.MILLISECONDS.sleep(200); // let the worker reach its idle wait
            double[] samples = new double[measured];
            double[] enqueue = new double[measured];
            CpuMeter.Snap c0 = cpu.snap();
            long tMeasure = System.nanoTime();
            for (int i = 0; i < warm + measured; i++) {
                if (i == warm) {
                    c0 = cpu.snap();
                    tMeasure = System.nanoTime();
                }
                int job = i;
                var started = Probe.expectPickup(job);
                long a = System.nanoTime();
                submitter.submit(t -> t.addTask(NoopTasks::pickup, job));
                long stored = System.nanoTime();
                long s = started.get(Knobs.STALL_MS, TimeUnit.MILLISECONDS);
                if (i >= warm) {
                    samples[i - warm] = (s - a) / 1e6;
                    enqueue[i - warm] = (stored - a) / 1e6;
                }
                if (Knobs.LAT_GAP_MS > 0) {
                    TimeUnit.MILLISECONDS.sleep(Knobs.LAT_GAP_MS);
                }
            }
            long nanos = System.nanoTime() - tMeasure;
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("concurrency", Knobs.LAT_CONCURRENCY);
            extras.put("gap_ms", Knobs.LAT_GAP_MS);
            // how much of the pickup is the submission itself (the enqueue round trip on a durable backend)
            double[] sortedEnqueue = enqueue.clone();
            java.util.Arrays.sort(sortedEnqueue);
            extras.put("submit_p50_ms", Emitter.r3(Emitter.pct(sortedEnqueue, 50)));
            extras.put("submit_p99_ms", Emitter.r3(Emitter.pct(sortedEnqueue, 99)));
            double[] sortedSamples = samples.clone();
            java.util.Arrays.sort(sortedSamples);
            extras.put("p90_ms", Emitter.r3(Emitter.pct(sortedSamples, 90)));
            extras.put("p999_ms", Emitter.r3(Emitter.pct(sortedSamples, 99.9)));
            extras.putAll(cpu.since(c0));
            if (report) {
                Emitter.emit(backend.system(), "latency", measured, nanos, samples, extras);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }

    /**
     * Redis memory per queued task: INFO used_memory before and after storing N one-task batches (bulk, not
     * run), plus MEMORY USAGE of a sample of batch hashes and of the wait list per entry.
     */
    void memory(String scenario, int n, Job job) {
        String prefix = prefix("mem");
        try (ApplicationContext producer = backend.producer(prefix)) {
            TaskSubmitter submitter = producer.getBean(TaskSubmitter.class);
            submitter.submit(t -> job.adder().add(-1, t)); // the script is loaded, the connection open
            backend.cleanup(prefix, redis);
            long before = redis.usedMemory();
            CpuMeter.Snap c0 = cpu.snap();
            long t0 = System.nanoTime();
            preload(submitter, n, job);
            long nanos = System.nanoTime() - t0;
            Map<String, Object> cpuSplit = cpu.since(c0);
            long after = redis.usedMemory();
            List<String> sample = redis.client().lrange(prefix + ":wait", 0, 99);
            long hashBytes = 0;
            long payloadBytes = 0;
            for (String id : sample) {
                hashBytes += redis.memoryUsage(prefix + ":b:" + id);
                payloadBytes += redis.client().hstrlen(prefix + ":b:" + id, "p");
            }
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("job", job.label());
            extras.put("bytes_per_task", Emitter.r3((after - before) / (double) n));
            extras.put("hash_bytes", Emitter.r3(hashBytes / (double) sample.size()));
            extras.put("list_bytes_per_task", Emitter.r3(redis.memoryUsage(prefix + ":wait") / (double) n));
            extras.put("payload_bytes", Emitter.r3(payloadBytes / (double) sample.size()));
            extras.putAll(cpuSplit);
            Emitter.emit(backend.system(), scenario, n, nanos, null, extras);
        } finally {
            backend.cleanup(prefix, redis);
        }
    }
}
