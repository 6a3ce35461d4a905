package io.bgtasks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a soak chart again from its JSON lines, without running anything (after a change to the chart):
 *
 * <pre>
 * SOAK_RATE=200 SOAK_KILL_EVERY_S=300 java -cp bench.jar io.bgtasks.bench.SoakReplot soak-redis.jsonl soak-redis.svg [title]
 * </pre>
 *
 * The optional title replaces the system name at the head of the chart (e.g. to say what differed in that run).
 *
 * The lines are the flat objects {@link Emitter} writes, so a field pattern reads them. Prints the summary line with
 * its memory part computed again from the samples ({@code soak-summary-replot}).
 */
public final class SoakReplot {
    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");

    private SoakReplot() {
    }

    public static void main(String[] args) throws Exception {
        List<Map<String, Object>> samples = new ArrayList<>();
        List<Double> kills = new ArrayList<>();
        Map<String, Object> summary = Map.of();
        String system = "";
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Map<String, Object> m = parse(line);
            system = String.valueOf(m.get("system"));
            switch (String.valueOf(m.get("scenario"))) {
                case "soak-sample" -> samples.add(m);
                case "soak-kill" -> kills.add(((Number) m.get("t_s")).doubleValue());
                case "soak-summary" -> summary = m;
                default -> {
                }
            }
        }
        // the memory verdict again from the samples (a newer bench may compute more); the task counts stay as recorded
        Map<String, Object> merged = new LinkedHashMap<>(summary);
        merged.putAll(new SoakSummary(samples, kills, Map.of("store_bytes", summary.get("store_bytes_before"))).memory());
        merged.put("scenario", "soak-summary-replot");
        System.out.println(Emitter.json(merged));
        summary = merged;
        String label = system.contains("redis") ? "Redis used_memory" : "jobrunr_jobs, pg_total_relation_size";
        Files.writeString(Path.of(args[1]), new SoakChart(args.length > 2 ? args[2] : system, label, samples, kills, summary).svg());
    }

    static Map<String, Object> parse(String line) {
        Map<String, Object> m = new LinkedHashMap<>();
        Matcher f = FIELD.matcher(line);
        while (f.find()) {
            String v = f.group(2);
            if (v.startsWith("\"")) {
                m.put(f.group(1), v.substring(1, v.length() - 1));
            } else if (v.equals("null")) {
                m.put(f.group(1), null);
            } else if (v.equals("true") || v.equals("false")) {
                m.put(f.group(1), Boolean.parseBoolean(v));
            } else {
                m.put(f.group(1), Double.parseDouble(v));
            }
        }
        return m;
    }
}
