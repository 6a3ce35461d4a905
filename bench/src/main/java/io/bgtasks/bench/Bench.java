package io.bgtasks.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Benchmarks of one backend in one JVM, printing one JSON line per result on stdout (logs go to stderr):
 *
 * <pre>
 * java -jar bench/target/bgtasks-bench-*.jar BACKEND [SCENARIO,...]
 *   BACKEND   redis | inmemory | jobrunr    (the raw JobRunr peer is {@link RawJobRunr})
 *   SCENARIO  add, add-bulk, process, latency, memory (default: those the backend has), latency-remote (Redis and
 *             JobRunr on PostgreSQL: producer and worker in two JVMs), http, sweep, scale,
 *             schedule (delayed tasks: the lines schedule and schedule-burst), schedule-burst (only the burst),
 *             soak (redis and jobrunr: 30 minutes with worker kills, bench/soak.sh)
 * </pre>
 *
 * Knobs are environment variables named as in the BullMQ peer ({@link Knobs}). bench/run.sh runs everything,
 * interleaved with the peer, and prints the medians.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Bench redis|inmemory|jobrunr [add,add-bulk,process,latency,latency-remote,memory,http,sweep,scale,schedule,schedule-burst,soak]");
            System.exit(2);
        }
        Backends backend = Backends.of(args[0]);
        List<String> scenarios = args.length > 1 ? Arrays.asList(args[1].split(","))
            : switch (backend) {
                case REDIS -> List.of("add", "add-bulk", "process", "latency", "latency-remote", "memory");
                case JOBRUNR -> List.of("add", "add-bulk", "process", "latency");
                case INMEMORY -> List.of("process", "latency");
            };
        try (RedisAdmin redis = new RedisAdmin(Knobs.REDIS_URL)) {
            CpuMeter cpu = new CpuMeter(redis);
            QueueScenarios queue = new QueueScenarios(backend, redis, cpu);
            ScheduleScenarios schedule = new ScheduleScenarios(backend, redis, cpu);
            System.err.printf("[bench] %s %s on %s, java %s, %d CPUs, scenarios %s%n", backend.system(), Emitter.VERSION,
                Knobs.REDIS_URL, Runtime.version(), Runtime.getRuntime().availableProcessors(), scenarios);
            if (Knobs.WARMUP > 0) {
                warmUp(backend, scenarios, queue);
            }
            for (String s : scenarios) {
                boolean jobrunr = backend == Backends.JOBRUNR;
                switch (s) {
                    case "add" -> queue.add(jobrunr ? Knobs.N_JOBRUNR : Knobs.N_ADD, true);
                    case "add-bulk" -> queue.addBulk("add-bulk", jobrunr ? Knobs.N_JOBRUNR : Knobs.N_BULK, Knobs.BULK_CHUNK, Job.small(), true);
                    case "process" -> queue.process("process", jobrunr ? Knobs.N_JOBRUNR : Knobs.N_PROCESS, Job.small(), true);
                    case "latency" -> queue.latency(jobrunr ? Knobs.JOBRUNR_LAT_N : Knobs.LAT_N,
                        jobrunr ? Knobs.JOBRUNR_LAT_WARMUP : Knobs.LAT_WARMUP, true);
                    case "latency-remote" -> {
                        // two JVMs share Redis or PostgreSQL, never an (embedded, one-process) H2 file
                        if (backend == Backends.REDIS || jobrunr && PgStore.enabled()) {
                            new RemoteLatency(backend, redis, cpu).run(jobrunr ? Knobs.JOBRUNR_LAT_N : Knobs.LAT_N,
                                jobrunr ? Knobs.JOBRUNR_LAT_WARMUP : Knobs.LAT_WARMUP);
                        } else {
                            System.err.println("[bench] latency-remote: Redis and JobRunr on PostgreSQL only, skipped for "
                                + backend.system());
                        }
                    }
                    case "memory" -> redisOnly(backend, s, () -> queue.memory("memory", Knobs.N_MEMORY, Job.small()));
                    case "http" -> new HttpScenario(backend, redis, cpu).run();
                    case "sweep" -> redisOnly(backend, s, () -> sweep(queue));
                    case "schedule" -> {
                        schedule.idle(jobrunr ? Knobs.SCHED_N_JOBRUNR : Knobs.SCHED_N, jobrunr ? 0 : Knobs.SCHED_WARMUP,
                            Knobs.SCHED_DELAY_MS, true);
                        burst(backend, schedule);
                    }
                    case "schedule-burst" -> burst(backend, schedule);
                    case "scale" -> redisOnly(backend, s, () -> new ScaleScenario(redis, cpu).run());
                    case "soak" -> new SoakScenario(backend, redis).run();
                    default -> throw new IllegalArgumentException("unknown scenario " + s);
                }
            }
        }
        // Micronaut's and Jedis's non-daemon threads are gone with their contexts; exit anyway
        System.exit(0);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Redis memory per task, and the sweeps (which measure it too), are Redis figures. */
    private static void redisOnly(Backends backend, String scenario, Step step) throws Exception {
        if (backend == Backends.REDIS) {
            step.run();
        } else {
            System.err.println("[bench] " + scenario + ": Redis only, skipped for " + backend.name);
        }
    }

    /** Untimed: JIT and script cache through every code path the chosen scenarios use, as the peer does. */
    private static void warmUp(Backends backend, List<String> scenarios, QueueScenarios queue) throws Exception {
        int w = Math.max(1, Knobs.WARMUP / 4);
        if (backend.durable && !List.of("http").equals(scenarios)) {
            queue.add(w, false);
            queue.addBulk("add-bulk", w, Knobs.BULK_CHUNK, Job.small(), false);
        }
        if (!List.of("http").equals(scenarios)) {
            queue.process("process", Knobs.WARMUP, Job.small(), false);
            // a JobRunr pickup may wait for a poll (up to 5 s): two are enough to load the code, and none without latency
            if (backend != Backends.JOBRUNR || scenarios.contains("latency")) {
                queue.latency(backend == Backends.JOBRUNR ? 2 : Math.min(50, Knobs.LAT_N), 0, false);
            }
        }
        System.err.println("[bench] warm-up done");
    }

    /** The burst, after an unmeasured tenth of it (JIT for the bulk delayed path; not on JobRunr: each waits for polls). */
    private static void burst(Backends backend, ScheduleScenarios schedule) throws Exception {
        boolean jobrunr = backend == Backends.JOBRUNR;
        int n = jobrunr ? Knobs.SCHED_BURST_N_JOBRUNR : Knobs.SCHED_BURST_N;
        if (!jobrunr && Knobs.WARMUP > 0) {
            schedule.burst(Math.max(1, n / 10), 500, 200, false);
        }
        schedule.burst(n, Knobs.SCHED_BURST_LEAD_MS, Knobs.SCHED_BURST_SPREAD_MS, true);
    }

    /** How cost grows with batches per bulk call, payload size and tasks per batch (durable backends). */
    private static void sweep(QueueScenarios queue) throws Exception {
        for (int chunk : Knobs.SWEEP_CHUNKS) {
            queue.addBulk("add-bulk-c" + chunk, Knobs.N_SWEEP, chunk, Job.small(), true);
        }
        for (int bytes : Knobs.SWEEP_PAYLOADS) {
            int n = (int) Math.max(1, Math.min(Knobs.N_SWEEP, Knobs.SWEEP_MAX_BYTES / bytes));
            queue.addBulk("add-bulk-p" + bytes, n, Knobs.BULK_CHUNK, Job.payload(bytes), true);
            queue.process("process-p" + bytes, Math.min(n, Knobs.WARMUP), Job.payload(bytes), false); // JIT for this shape
            queue.process("process-p" + bytes, n, Job.payload(bytes), true);
            queue.memory("memory-p" + bytes, n, Job.payload(bytes));
        }
        for (int steps : Knobs.SWEEP_STEPS) {
            int n = Math.max(1, Knobs.N_SWEEP / steps);
            queue.process("process-s" + steps, Math.min(n, Knobs.WARMUP), Job.steps(steps), false);
            queue.process("process-s" + steps, n, Job.steps(steps), true);
        }
    }
}
