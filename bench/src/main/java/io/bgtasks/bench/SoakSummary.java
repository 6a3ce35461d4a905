package io.bgtasks.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak run's verdict from its own samples. The plateau of a series is its mean over the last third of the load
 * phase; it is reached at the first sample at 95 % of that; its growth after the plateau is the least-squares slope
 * over the same last third (per hour, and as a share of the plateau per hour), which must be about zero for memory to
 * be bounded; with the lowest and highest value of the last third and the highest between the plateau and the last
 * third (no new high in the last third: the store did not grow past what it reached). Memory per retained task is (store plateau - store before the run) / retained plateau. Task counts
 * come from the producer (acknowledged) and the ledger (run at least once, and all runs).
 */
final class SoakSummary {
    private final List<Map<String, Object>> load;
    private final List<Map<String, Object>> all;
    private final List<Double> kills;
    private final Map<String, Object> baseline;
    private final double from;

    SoakSummary(List<Map<String, Object>> samples, List<Double> kills, Map<String, Object> baseline) {
        this.all = samples;
        this.load = samples.stream().filter(s -> "load".equals(s.get("phase"))).toList();
        this.kills = kills;
        this.baseline = baseline;
        double end = load.isEmpty() ? 0 : t(load.getLast());
        this.from = end * 2 / 3;
    }

    Map<String, Object> compute(long acked, long failed) {
        Map<String, Object> m = memory();
        m.put("kills", kills.size());
        Map<String, Object> last = all.getLast();
        long distinct = ((Number) last.get("ran_distinct")).longValue();
        long runs = ((Number) last.get("runs")).longValue();
        m.put("acked", acked);
        m.put("submit_failed", failed);
        m.put("ran_distinct", distinct);
        m.put("runs", runs);
        m.put("ran_twice_or_more", runs - distinct);
        m.put("lost", Math.max(0, acked - distinct));
        m.put("first_missing", SoakLedger.firstMissing(acked));
        m.put("drain_s", Emitter.r3(t(last) - t(load.getLast())));
        m.put("achieved_rate_per_s", t(load.getLast()) > 0 ? Math.round(acked / t(load.getLast()) * 10) / 10.0 : null);
        return m;
    }

    /** @return the memory part of the verdict, from the samples alone (also for {@link SoakReplot}) */
    Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        double loadEnd = load.isEmpty() ? 0 : t(load.getLast());
        m.put("load_s", Emitter.r3(loadEnd));
        m.put("last_third_from_s", Emitter.r3(from));
        double storePlateau = plateau("store_bytes");
        double retainedPlateau = plateau("retained");
        long base = ((Number) baseline.get("store_bytes")).longValue();
        m.put("store_bytes_before", base);
        series(m, "store_bytes");
        series(m, "retained");
        if (load.getFirst().containsKey("keys")) {
            series(m, "keys");
        }
        m.put("bytes_per_retained", retainedPlateau > 0 ? Math.round((storePlateau - base) / retainedPlateau) : null);
        series(m, "producer_rss");
        series(m, "producer_heap_after_gc");
        m.put("worker_rss_max", max("worker_rss"));
        m.put("worker_heap_after_gc_max", max("worker_heap_after_gc"));
        return m;
    }

    /** plateau, when reached, slope per hour and as % of the plateau per hour, of one field */
    private void series(Map<String, Object> m, String field) {
        double plateau = plateau(field);
        m.put(field + "_plateau", Math.round(plateau));
        Double reached = null;
        for (Map<String, Object> s : load) {
            if (v(s, field) >= 0.95 * plateau) {
                reached = t(s);
                break;
            }
        }
        m.put(field + "_plateau_at_s", reached);
        // a store that vacuums or expires in steps moves up and down; no new high after the plateau is the other test
        double lastMin = load.stream().filter(s -> t(s) >= from).mapToDouble(s -> v(s, field)).min().orElse(0);
        double lastMax = load.stream().filter(s -> t(s) >= from).mapToDouble(s -> v(s, field)).max().orElse(0);
        Double at = reached;
        double before = load.stream().filter(s -> at != null && t(s) >= at && t(s) < from).mapToDouble(s -> v(s, field))
            .max().orElse(Double.NaN);
        m.put(field + "_last_third_min", Math.round(lastMin));
        m.put(field + "_last_third_max", Math.round(lastMax));
        m.put(field + "_max_plateau_to_last_third", Double.isNaN(before) ? null : Math.round(before));
        double slope = slopePerSecond(field) * 3600;
        m.put(field + "_growth_per_h", Math.round(slope));
        m.put(field + "_growth_pct_per_h", plateau > 0 ? Emitter.r3(100 * slope / plateau) : null);
    }

    private double plateau(String field) {
        return load.stream().filter(s -> t(s) >= from).mapToDouble(s -> v(s, field)).average().orElse(0);
    }

    private long max(String field) {
        return (long) load.stream().mapToDouble(s -> v(s, field)).max().orElse(0);
    }

    private double slopePerSecond(String field) {
        List<Map<String, Object>> tail = load.stream().filter(s -> t(s) >= from).toList();
        double n = tail.size();
        if (n < 3) {
            return 0;
        }
        double mt = tail.stream().mapToDouble(SoakSummary::t).average().orElse(0);
        double mv = tail.stream().mapToDouble(s -> v(s, field)).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Map<String, Object> s : tail) {
            num += (t(s) - mt) * (v(s, field) - mv);
            den += (t(s) - mt) * (t(s) - mt);
        }
        return den == 0 ? 0 : num / den;
    }

    static double t(Map<String, Object> s) {
        return ((Number) s.get("t_s")).doubleValue();
    }

    static double v(Map<String, Object> s, String field) {
        return ((Number) s.get(field)).doubleValue();
    }
}
