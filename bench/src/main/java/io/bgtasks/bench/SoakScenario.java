package io.bgtasks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak run of one durable backend (bench/soak.sh): a producer JVM submits a steady {@link SoakSettings#RATE} for
 * {@link SoakSettings#LENGTH} while a worker JVM runs the tasks and is SIGKILLed and replaced every
 * {@link SoakSettings#KILL_EVERY}. Every {@link SoakSettings#SAMPLE_EVERY} one JSON line {@code soak-sample}: the store
 * ({@link SoakStore}), both JVMs' heap, heap after GC and RSS, and the tasks acknowledged and run (ledger). A kill is a
 * {@code soak-kill} line. After the load the worker drains what is left, redeliveries included, until every
 * acknowledged task ran (or {@link SoakSettings#DRAIN_MAX}); then the {@code soak-summary} line ({@link SoakSummary})
 * and the chart ({@link SoakChart}, into SOAK_OUT, default docs/performance-data).
 */
final class SoakScenario {
    private final Backends backend;
    private final RedisAdmin redis;
    private final List<Map<String, Object>> samples = new ArrayList<>();
    private final List<Double> kills = new ArrayList<>();
    private long t0;

    SoakScenario(Backends backend, RedisAdmin redis) {
        this.backend = backend;
        this.redis = redis;
    }

    void run() throws Exception {
        SoakLedger.use(backend.name);
        SoakLedger.reset();
        try (SoakStore store = SoakStore.of(backend, redis)) {
            store.reset();
            System.err.printf("[soak] %s: %s %s%n", backend.system(), SoakSettings.describe(backend), store.server());
            if ("off".equals(store.server().get("pg_autovacuum"))) {
                System.err.println("[soak] WARNING: this PostgreSQL has autovacuum off: JobRunr's table will not plateau"
                    + " (SOAK_PG=private runs a cluster with stock settings)");
            }
            SoakProcess worker = SoakProcess.start("worker", backend);
            Map<String, Object> baseline = store.sample(); // tables exist once a worker started; nothing submitted yet
            SoakProcess producer = SoakProcess.start("producer", backend);
            t0 = System.nanoTime();
            long end = t0 + SoakSettings.LENGTH.toNanos();
            long every = SoakSettings.SAMPLE_EVERY.toNanos();
            long killEvery = SoakSettings.KILL_EVERY.toNanos();
            long nextKill = killEvery > 0 ? t0 + killEvery : Long.MAX_VALUE;
            long nextSample = t0;
            try {
                while (System.nanoTime() < end) {
                    long now = System.nanoTime();
                    if (now >= nextKill && now < end) {
                        long pid = worker.pid();
                        worker.kill();
                        double at = seconds(System.nanoTime());
                        kills.add(at);
                        emit("soak-kill", Map.of("t_s", Emitter.r3(at), "pid", pid));
                        worker = SoakProcess.start("worker", backend);
                        nextKill += killEvery;
                    } else if (now >= nextSample) {
                        sample(store, "load", worker, producer);
                        nextSample += every;
                    }
                    long sleep = Math.min(Math.min(nextKill, nextSample), end) - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                }
                sample(store, "load", worker, producer); // the load's last sample, as the producer stops
                producer.stop();
                if (!producer.finalCount()) {
                    throw new IllegalStateException("the producer ended without its final count");
                }
                long acked = producer.acked();
                long drainEnd = System.nanoTime() + SoakSettings.DRAIN_MAX.toNanos();
                while (SoakLedger.distinct() < acked && System.nanoTime() < drainEnd) {
                    if (System.nanoTime() >= nextSample) {
                        sample(store, "drain", worker, producer);
                        nextSample += every;
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                sample(store, "end", worker, producer);
                worker.stop();
                Map<String, Object> summary = new SoakSummary(samples, kills, baseline).compute(acked, producer.failed());
                Map<String, Object> settings = SoakSettings.describe(backend);
                settings.putAll(store.server());
                settings.putAll(summary);
                emit("soak-summary", settings);
                Path out = Path.of(Knobs.env("SOAK_OUT", "docs/performance-data"));
                Files.createDirectories(out);
                Path svg = out.resolve("soak-" + backend.name + ".svg");
                Files.writeString(svg, new SoakChart(backend.system(), store.bytesLabel(), samples, kills, summary).svg());
                System.err.println("[soak] chart: " + svg);
                if (Knobs.integer("SOAK_KEEP", 0) == 0) {
                    store.discard();
                }
            } finally {
                worker.kill();
                producer.kill();
            }
        }
    }

    private void sample(SoakStore store, String phase, SoakProcess worker, SoakProcess producer) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t_s", Emitter.r3(seconds(System.nanoTime())));
        m.put("phase", phase);
        m.putAll(store.sample());
        m.put("acked", producer.acked());
        m.put("submit_failed", producer.failed());
        m.put("ran_distinct", SoakLedger.distinct());
        m.put("runs", SoakLedger.runs());
        m.put("worker_pid", worker.pid());
        m.put("worker_heap", worker.heap());
        m.put("worker_heap_after_gc", worker.heapAfterGc());
        m.put("worker_rss", worker.rss());
        m.put("producer_heap", producer.heap());
        m.put("producer_heap_after_gc", producer.heapAfterGc());
        m.put("producer_rss", producer.rss());
        samples.add(m);
        emit("soak-sample", m);
    }

    private double seconds(long nanos) {
        return (nanos - t0) / 1e9;
    }

    private void emit(String scenario, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("system", backend.system());
        line.put("version", Emitter.VERSION);
        line.put("scenario", scenario);
        line.putAll(fields);
        System.out.println(Emitter.json(line));
        System.out.flush();
    }
}
