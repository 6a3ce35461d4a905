package io.bgtasks.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Prints one result as one JSON line on stdout, in the shared peer format
 * ({@code system, version, scenario, jobs, seconds, jobs_per_s, p50_ms, p99_ms, ...extras}) with the same
 * rounding and percentile rule as the BullMQ peer, so {@code bench-median.mjs} treats both alike.
 */
final class Emitter {
    static final String VERSION;

    static {
        Properties p = new Properties();
        try (InputStream in = Emitter.class.getResourceAsStream("/bench.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("bench.properties missing from the jar", e);
        }
        VERSION = p.getProperty("version");
    }

    private Emitter() {
    }

    /**
     * @param system  e.g. {@code bgtasks-redis}
     * @param nanos   the timed window
     * @param samples per-operation latencies in ms, or null when the scenario has none
     * @param extras  extra fields, in order (CPU split, settings)
     */
    static void emit(String system, String scenario, long jobs, long nanos, double[] samples, Map<String, Object> extras) {
        emit(system, VERSION, scenario, jobs, nanos, samples, extras);
    }

    /** For a peer measured by this module (raw JobRunr), with its own version. */
    static void emit(String system, String version, String scenario, long jobs, long nanos, double[] samples, Map<String, Object> extras) {
        double[] sorted = samples == null || samples.length == 0 ? null : sorted(samples);
        line(system, version, scenario, jobs, nanos, sorted == null ? null : pct(sorted, 50), sorted == null ? null : pct(sorted, 99), extras);
    }

    /** Same, with percentiles computed elsewhere (by the HTTP load generator). */
    static void emit(String system, String scenario, long jobs, long nanos, Double p50, Double p99, Map<String, Object> extras) {
        line(system, VERSION, scenario, jobs, nanos, p50, p99, extras);
    }

    private static void line(String system, String version, String scenario, long jobs, long nanos, Double p50, Double p99,
                             Map<String, Object> extras) {
        double seconds = nanos / 1e9;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("system", system);
        line.put("version", version);
        line.put("scenario", scenario);
        line.put("jobs", jobs);
        line.put("seconds", r3(seconds));
        line.put("jobs_per_s", Math.round(jobs / seconds * 10) / 10.0);
        line.put("p50_ms", r3(p50));
        line.put("p99_ms", r3(p99));
        line.putAll(extras);
        System.out.println(json(line));
        System.out.flush();
    }

    private static double[] sorted(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s;
    }

    /** The peer's rule: the sample at rank ceil(p/100 * n). */
    static double pct(double[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
        return sorted[i];
    }

    static Double r3(Double x) {
        return x == null ? null : Math.round(x * 1000) / 1000.0;
    }

    static String json(Map<String, Object> fields) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v == null || v instanceof Number || v instanceof Boolean) {
                s.append(v);
            } else {
                s.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return s.append('}').toString();
    }
}
