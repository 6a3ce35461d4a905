package io.bgtasks.bench;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;
import redis.clients.jedis.AbstractTransaction;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * How far one Redis goes with more worker processes: for each count in {@code SCALE_WORKERS} (default 1,2,4), N
 * no-op tasks are preloaded, that many worker JVMs ({@link ScaleWorker}, concurrency {@code C} each) start and idle,
 * then the whole backlog is released at once and timed until every batch is acknowledged. One JSON line per count:
 * {@code scale-w<count>}, with the Redis CPU per task and the workers' CPU seconds. On a 2-core machine the workers
 * and Redis share the cores; the figures mean more on a machine with more cores than workers.
 */
final class ScaleScenario {
    private final RedisAdmin redis;
    private final CpuMeter cpu;

    ScaleScenario(RedisAdmin redis, CpuMeter cpu) {
        this.redis = redis;
        this.cpu = cpu;
    }

    void run() throws Exception {
        for (int workers : Knobs.SCALE_WORKERS) {
            run(workers, Knobs.N_PROCESS);
        }
    }

    private void run(int workers, int n) throws Exception {
        String prefix = "{scale-" + UUID.randomUUID().toString().substring(0, 8) + "}";
        List<Process> started = new ArrayList<>();
        try {
            try (ApplicationContext producer = Backends.REDIS.producer(prefix)) {
                TaskSubmitter submitter = producer.getBean(TaskSubmitter.class);
                for (int i = 0; i < n; i += Knobs.PRELOAD_CHUNK) {
                    submitter.submitAll(IntStream.range(i, Math.min(n, i + Knobs.PRELOAD_CHUNK)).boxed().toList(),
                        (k, t) -> t.addTask(NoopTasks::noop, k));
                }
            }
            redis.client().rename(prefix + ":wait", prefix + ":staged");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String jar = Path.of(ScaleScenario.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            List<BufferedReader> outputs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Process p = new ProcessBuilder(java, "-cp", jar, ScaleWorker.class.getName(), prefix)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                started.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader out : outputs) {
                String line = out.readLine();
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("a scale worker did not start: " + line);
                }
            }
            TimeUnit.MILLISECONDS.sleep(500); // every worker reaches its idle wait on the marker
            CpuMeter.Snap c0 = cpu.snap();
            long t0 = System.nanoTime();
            try (AbstractTransaction tx = redis.client().multi()) {
                tx.rename(prefix + ":staged", prefix + ":wait");
                tx.zadd(prefix + ":marker", 0, "m");
                tx.exec();
            }
            long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(Knobs.STALL_MS);
            // queued first, then leased: a batch moving from one to the other is counted twice, never missed
            while (redis.client().llen(prefix + ":wait") + redis.client().zcard(prefix + ":active") > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scale-w" + workers + ": not drained within " + Knobs.STALL_MS + " ms");
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
            long nanos = System.nanoTime() - t0;
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("workers", workers);
            extras.put("concurrency", Knobs.C);
            extras.putAll(cpu.since(c0)); // jvm_cpu_s is the coordinator's polling; the workers' is below
            double workerCpu = 0;
            for (int w = 0; w < workers; w++) {
                started.get(w).getOutputStream().close();
                String line;
                while ((line = outputs.get(w).readLine()) != null) {
                    if (line.startsWith("cpu ")) {
                        workerCpu += Double.parseDouble(line.substring(4));
                    }
                }
            }
            // includes each worker's start-up and idle time: an upper bound of what the drain cost them
            extras.put("workers_cpu_s_total", Emitter.r3(workerCpu));
            Double redisCpu = (Double) extras.get("redis_cpu_s");
            if (redisCpu != null) {
                extras.put("redis_cpu_us_per_task", Emitter.r3(redisCpu * 1e6 / n));
            }
            Emitter.emit("bgtasks-redis", "scale-w" + workers, n, nanos, null, extras);
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            redis.deletePrefix(prefix);
        }
    }
}
