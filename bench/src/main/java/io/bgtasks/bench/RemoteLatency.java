package io.bgtasks.bench;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code latency-remote}: idle pickup on Redis, or on JobRunr with PostgreSQL, with the producer and the worker in
 * two JVMs, as a web process and a worker process are deployed; {@code latency} keeps both in one JVM, where they
 * wake together on the same cores. From just before the submission (producer's wall clock) to the task's start
 * (worker's wall clock), one job at a time, LAT_GAP_MS between jobs, the warm-up unmeasured first. The CPU figures
 * are the producer JVM's and Redis's (and PostgreSQL's when local).
 */
final class RemoteLatency {
    private final Backends backend;
    private final RedisAdmin redis;
    private final CpuMeter cpu;

    RemoteLatency(Backends backend, RedisAdmin redis, CpuMeter cpu) {
        this.backend = backend;
        this.redis = redis;
        this.cpu = cpu;
    }

    void run(int measured, int warm) throws Exception {
        String prefix = "{latr-" + UUID.randomUUID().toString().substring(0, 8) + "}";
        if (backend == Backends.JOBRUNR) {
            PgStore.tablePrefix(prefix); // the schema exists before the worker JVM opens it (it does not drop it)
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(RemoteLatency.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process worker = new ProcessBuilder(java, "-cp", jar, LatencyWorker.class.getName(), prefix, backend.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (ApplicationContext producer = backend.producer(prefix)) {
            RemoteStarts starts = RemoteStarts.reading(
                new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8)));
            starts.awaitReady(60_000);
            TaskSubmitter submitter = producer.getBean(TaskSubmitter.class);
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
                long a = RemoteStarts.epochNanos();
                submitter.submit(t -> t.addTask(NoopTasks::pickupElsewhere, job));
                long stored = RemoteStarts.epochNanos();
                long s = starts.awaitStart(job, Knobs.STALL_MS);
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
            double[] sortedEnqueue = enqueue.clone();
            Arrays.sort(sortedEnqueue);
            extras.put("submit_p50_ms", Emitter.r3(Emitter.pct(sortedEnqueue, 50)));
            extras.put("submit_p99_ms", Emitter.r3(Emitter.pct(sortedEnqueue, 99)));
            double[] sortedSamples = samples.clone();
            Arrays.sort(sortedSamples);
            extras.put("p90_ms", Emitter.r3(Emitter.pct(sortedSamples, 90)));
            extras.put("p999_ms", Emitter.r3(Emitter.pct(sortedSamples, 99.9)));
            extras.putAll(cpu.since(c0));
            Emitter.emit(backend.system(), "latency-remote", measured, nanos, samples, extras);
        } finally {
            worker.getOutputStream().close();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
            backend.cleanup(prefix, redis);
        }
    }
}
