package io.bgtasks.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one request costs on the in-memory backend, in measures that do not move with the other load on a shared
 * machine: bytes allocated per request by all threads (a virtual thread's allocation counts on its carrier), JVM
 * CPU per request, and the CPU per request of the threads that serve requests and run tasks (event loops and
 * virtual-thread carriers, from {@code /proc}: without the JIT compiler threads, which in a short run are a large and
 * varying share), beside wrk's req/s and p50. {@code /bench/none} and {@code /bench/three} with handlers on the
 * event loop, at 32 connections unpaced and at one connection with 1 ms between requests; each endpoint warmed up
 * first. Interleave runs of two builds to compare them (docs/performance.md, "In-memory request path, profiled").
 *
 * <pre>
 * java -cp bench/target/bgtasks-bench-*.jar io.bgtasks.bench.HttpCost LABEL [all|none|three] [key=value,...]
 *   LABEL       copied into each JSON line
 *   all         both endpoints, both passes (default); none or three: that endpoint at 32 connections only (profiling)
 *   key=value   extra application properties, e.g. bgtasks.inmemory.keep-statuses=false
 * </pre>
 *
 * HTTP_SECONDS (default 6) is the length of each measured pass, HTTP_WARMUP_SECONDS (default 8) the warm-up per endpoint.
 */
public final class HttpCost {
    private HttpCost() {
    }

    public static void main(String[] args) throws Exception {
        String label = args.length > 0 ? args[0] : "run";
        String mode = args.length > 1 ? args[1] : "all";
        int seconds = Knobs.integer("HTTP_SECONDS", 6);
        Map<String, Object> p = new HashMap<>();
        p.put("bgtasks.backend", "inmemory");
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.server.thread-selection", "MANUAL");
        if (args.length > 2) {
            for (String kv : args[2].split(",")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    p.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        Wrk wrk = new Wrk();
        try (ApplicationContext ctx = ApplicationContext.builder().properties(p).deduceEnvironment(false).start();
             EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start()) {
            String base = server.getURL() + "/bench/";
            List<String> endpoints = "all".equals(mode) ? List.of("none", "three") : List.of(mode);
            for (String e : endpoints) {
                wrk.run(base + e, 32, Knobs.integer("HTTP_WARMUP_SECONDS", 8), 0);
                wrk.run(base + e, 1, 2, 1);
            }
            int[][] passes = "all".equals(mode) ? new int[][]{{32, 0}, {1, 1}} : new int[][]{{32, 0}};
            for (int[] pass : passes) {
                for (String e : endpoints) {
                    System.gc(); // so that a collection's timing does not fall into one endpoint's pass more than the other's
                    double cpu0 = CpuMeter.jvmSeconds();
                    long bytes0 = allocatedBytes();
                    long gc0 = collections();
                    double work0 = servingSeconds();
                    Wrk.Result r = wrk.run(base + e, pass[0], seconds, pass[1]);
                    double n = r.requests();
                    System.out.printf(Locale.ROOT, "{\"label\":\"%s\",\"endpoint\":\"%s\",\"connections\":%d,\"gap_ms\":%d,"
                            + "\"req_s\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"cpu_us_per_request\":%.2f,"
                            + "\"serving_cpu_us_per_request\":%.2f,\"bytes_per_request\":%.0f,\"collections\":%d,\"errors\":%d}%n",
                        label, e, pass[0], pass[1], n / r.seconds(), r.p50Ms(), r.p99Ms(), (CpuMeter.jvmSeconds() - cpu0) * 1e6 / n,
                        (servingSeconds() - work0) * 1e6 / n,
                        (allocatedBytes() - bytes0) / n, collections() - gc0, r.errors() + r.non2xx());
                }
            }
        }
        System.exit(0);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** CPU seconds (USER_HZ 100) of the event loops and the virtual-thread carriers so far, from /proc/self/task. */
    private static double servingSeconds() throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (comm.startsWith("default-eventLo") || comm.startsWith("ForkJoinPool")) {
                        String[] f = CpuMeter.statFields(Files.readString(task.resolve("stat")));
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (IOException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return ticks / 100.0;
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
