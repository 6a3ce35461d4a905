package io.bgtasks.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1, response overhead: {@code GET /bench/none} versus {@code GET /bench/three} (three no-op tasks)
 * on an HTTP server in this JVM, driven by wrk in its own process. Per connection count: both endpoints
 * warmed up, then measured back to back; once with handlers on the event loop (Micronaut's default) and
 * once on virtual threads (the example app's {@code thread-selection: BLOCKING}, whose hand-off of every
 * request to a virtual thread costs more than the tasks do). On a durable backend the server is web-only, so what is measured is the hand-off (the tasks
 * are stored before the response and never run here), not a worker sharing the cores.
 */
final class HttpScenario {
    private final Backends backend;
    private final RedisAdmin redis;
    private final CpuMeter cpu;

    HttpScenario(Backends backend, RedisAdmin redis, CpuMeter cpu) {
        this.backend = backend;
        this.redis = redis;
        this.cpu = cpu;
    }

    void run() throws Exception {
        for (String threads : Knobs.HTTP_THREAD_SELECTION) {
            run(threads, "MANUAL".equals(threads) ? "" : "-" + threads.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Both endpoints warmed up, then measured back to back with the same load. */
    private void pair(Wrk wrk, String base, int connections, int gapMs, String threadSelection, String suffix, String prefix)
        throws Exception {
        for (String endpoint : List.of("none", "three")) {
            wrk.run(base + endpoint, connections, Knobs.HTTP_WARMUP_SECONDS, gapMs);
        }
        for (String endpoint : List.of("none", "three")) {
            CpuMeter.Snap c0 = cpu.snap();
            Wrk.Result r = wrk.run(base + endpoint, connections, Knobs.HTTP_SECONDS, gapMs);
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("connections", connections);
            extras.put("gap_ms", gapMs);
            extras.put("threads", threadSelection);
            extras.put("tasks_per_request", "three".equals(endpoint) ? 3 : 0);
            extras.put("mean_ms", r.meanMs());
            extras.put("max_ms", r.maxMs());
            extras.put("errors", r.errors() + r.non2xx());
            extras.putAll(cpu.since(c0));
            Emitter.emit(backend.system(), "http-" + endpoint + "-c" + connections + suffix, r.requests(),
                (long) (r.seconds() * 1e9), r.p50Ms(), r.p99Ms(), extras);
        }
        if (backend == Backends.REDIS) {
            redis.deletePrefix(prefix); // an H2 file stays until the server is closed
        }
    }

    private void run(String threadSelection, String suffix) throws Exception {
        String prefix = "{bench-" + ProcessHandle.current().pid() + "-http}";
        Map<String, Object> p = backend.properties(prefix);
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.server.thread-selection", threadSelection);
        p.put("bgtasks.worker.enabled", "false");
        Wrk wrk = new Wrk();
        try (ApplicationContext ctx = ApplicationContext.builder().properties(p).deduceEnvironment(false).start();
             EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start()) {
            String base = server.getURL() + "/bench/";
            for (int connections : Knobs.HTTP_CONNECTIONS) {
                pair(wrk, base, connections, 0, threadSelection, suffix, prefix);
            }
            if (Knobs.HTTP_PACED_CONNECTIONS > 0) {
                pair(wrk, base, Knobs.HTTP_PACED_CONNECTIONS, Knobs.HTTP_PACED_GAP_MS, threadSelection, "-paced" + suffix, prefix);
            }
        } finally {
            backend.cleanup(prefix, redis);
        }
    }
}
