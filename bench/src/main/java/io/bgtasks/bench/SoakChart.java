package io.bgtasks.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The soak run as an SVG, written from its own samples with no library: the store's memory and retained tasks over
 * time (top), the worker's and producer's JVM memory (bottom); SIGKILLs as red dashed lines, the last third (where
 * the plateau and its growth are measured) shaded, the drain after the load in grey.
 */
final class SoakChart {
    private static final int W = 900;
    private static final int X0 = 70;
    private static final int X1 = 820;
    private static final double MB = 1048576.0;
    private final String system;
    private final String storeLabel;
    private final List<Map<String, Object>> samples;
    private final List<Double> kills;
    private final Map<String, Object> summary;
    private final double tMax;
    private final StringBuilder s = new StringBuilder();
    private double legendX;

    SoakChart(String system, String storeLabel, List<Map<String, Object>> samples, List<Double> kills, Map<String, Object> summary) {
        this.system = system;
        this.storeLabel = storeLabel;
        this.samples = samples;
        this.kills = kills;
        this.summary = summary;
        this.tMax = Math.max(1, SoakSummary.t(samples.getLast()) / 60);
    }

    String svg() {
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"600\" "
            + "viewBox=\"0 0 %d 600\" font-family=\"sans-serif\" font-size=\"12\">%n", W, W));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        long killS = SoakSettings.KILL_EVERY.toSeconds();
        text(X0, 22, 15, "start", esc(system) + " soak: " + SoakSettings.RATE + " tasks/s, worker SIGKILLed every "
            + (killS % 60 == 0 ? killS / 60 + " min" : killS + " s"));
        double storeMax = max(x -> SoakSummary.v(x, "store_bytes") / MB);
        double retainedMax = max(x -> SoakSummary.v(x, "retained") / 1000);
        panel(62, 258, storeMax, "MiB", retainedMax, "retained tasks (thousands)");
        line(62, 258, storeMax, x -> SoakSummary.v(x, "store_bytes") / MB, "#1f5fbf", "", storeLabel + " (MiB)", 0);
        line(62, 258, retainedMax, x -> SoakSummary.v(x, "retained") / 1000, "#2a9d4b", "6,3", "retained tasks (right axis)", 1);
        double jvmMax = max(x -> Math.max(SoakSummary.v(x, "worker_rss"), SoakSummary.v(x, "producer_rss")) / MB);
        panel(335, 535, jvmMax, "MiB", 0, null);
        line(335, 535, jvmMax, x -> SoakSummary.v(x, "worker_rss") / MB, "#d9822b", "", "worker RSS", 0);
        line(335, 535, jvmMax, x -> SoakSummary.v(x, "worker_heap_after_gc") / MB, "#d9822b", "4,3", "worker heap after GC", 1);
        line(335, 535, jvmMax, x -> SoakSummary.v(x, "producer_rss") / MB, "#7b3fa0", "", "producer RSS", 2);
        line(335, 535, jvmMax, x -> SoakSummary.v(x, "producer_heap_after_gc") / MB, "#7b3fa0", "4,3", "producer heap after GC", 3);
        text((X0 + X1) / 2, 568, 12, "middle", "minutes since the producer started");
        text(X0, 590, 11, "start", "red dashes: worker SIGKILLed and restarted; yellow: last third of the load (plateau and growth"
            + " measured there); grey: drain after the load");
        double growth = num("store_bytes_growth_pct_per_h");
        boolean flat = growth <= 5 && num("store_bytes_last_third_max") <= 1.05 * num("store_bytes_last_third_min");
        String verdict = flat
            ? String.format(Locale.ROOT, "plateau %.1f MiB from %.1f min, growth over the last third %+.2f %% per hour", num("store_bytes_plateau") / MB,
                num("store_bytes_plateau_at_s") / 60, growth)
            : String.format(Locale.ROOT, "no plateau: %+.0f %% per hour over the last third (%.1f to %.1f MiB there)", growth,
                num("store_bytes_last_third_min") / MB, num("store_bytes_last_third_max") / MB);
        text(X0, 292, 12, "start", verdict + String.format(Locale.ROOT, "; %,d retained, %,d B per retained task",
            (long) num("retained_plateau"), (long) num("bytes_per_retained")));
        s.append("</svg>\n");
        return s.toString();
    }

    private double num(String key) {
        Object v = summary.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private double max(ToDoubleFunction<Map<String, Object>> f) {
        return samples.stream().mapToDouble(f).filter(v -> v >= 0).max().orElse(1);
    }

    private double x(double minutes) {
        return X0 + (X1 - X0) * minutes / tMax;
    }

    /** Axes, grid, the last third, the drain and the kills of one panel between y {@code top} and {@code bottom}. */
    private void panel(int top, int bottom, double leftMax, String leftUnit, double rightMax, String rightLabel) {
        double loadEnd = num("load_s") / 60;
        double thirdFrom = num("last_third_from_s") / 60;
        rect(x(thirdFrom), top, x(loadEnd) - x(thirdFrom), bottom - top, "#fff4d6");
        rect(x(loadEnd), top, X1 - x(loadEnd), bottom - top, "#eeeeee");
        double step = nice(leftMax / 5);
        double axis = step * Math.ceil(leftMax / step);
        for (double v = 0; v <= axis * 1.0001; v += step) {
            double y = bottom - (bottom - top) * v / axis;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n", X0, y, X1, y));
            text(X0 - 6, y + 4, 11, "end", fmt(v));
        }
        text(X0 - 6, top - 6, 11, "end", leftUnit);
        if (rightLabel != null) {
            double rstep = nice(rightMax / 5);
            for (double v = 0; v <= rstep * Math.ceil(rightMax / rstep) * 1.0001; v += rstep) {
                double y = bottom - (bottom - top) * v / (rstep * Math.ceil(rightMax / rstep));
                text(X1 + 6, y + 4, 11, "start", fmt(v));
            }
            text(X1 + 6, top - 6, 11, "start", "k tasks");
        }
        double xstep = nice(tMax / 10);
        for (double m = 0; m <= tMax + 1e-9; m += xstep) {
            text(x(m), bottom + 15, 11, "middle", fmt(m));
        }
        for (double k : kills) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#cc2222\" stroke-dasharray=\"5,4\"/>%n",
                x(k / 60), top, x(k / 60), bottom));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888888\"/>%n",
            X0, top, X1 - X0, bottom - top));
    }

    /** One series scaled to the panel's axis (top of axis = nice ceiling of {@code max}); legend entry {@code slot}. */
    private void line(int top, int bottom, double max, ToDoubleFunction<Map<String, Object>> f, String color, String dash,
                      String label, int slot) {
        double step = nice(max / 5);
        double axis = step * Math.ceil(max / step);
        StringBuilder pts = new StringBuilder();
        for (Map<String, Object> m : samples) {
            double v = f.applyAsDouble(m);
            if (v < 0) {
                continue; // a process that had not reported yet
            }
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(SoakSummary.t(m) / 60), bottom - (bottom - top) * v / axis));
        }
        s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s points=\"%s\"/>%n",
            color, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"", pts.toString().trim()));
        if (slot == 0) {
            legendX = X0;
        }
        double lx = legendX;
        legendX += 40 + label.length() * 6.3;
        double ly = top - 22;
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
            lx, ly - 4, lx + 22, ly - 4, color, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
        text(lx + 26, ly, 11, "start", esc(label));
    }

    private void rect(double x, double y, double w, double h, String fill) {
        if (w > 0) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n", x, y, w, h, fill));
        }
    }

    private void text(double x, double y, int size, String anchor, String t) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, size, anchor, t));
    }

    private static double nice(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    private static String fmt(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
