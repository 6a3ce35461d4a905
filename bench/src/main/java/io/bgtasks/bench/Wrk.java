package io.bgtasks.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator: wrk (Debian package), a separate process in C, so the load costs the server's JVM
 * nothing and costs the machine little. One thread; a Lua {@code done} hook prints the totals and latency
 * percentiles (µs) as one JSON object, which is parsed here.
 */
final class Wrk {
    /**
     * @param requests completed
     * @param seconds measured
     * @param p50Ms
     * @param p99Ms
     * @param meanMs
     * @param maxMs
     * @param errors socket errors and timeouts
     * @param non2xx bad statuses
     */
    record Result(long requests, double seconds, double p50Ms, double p99Ms, double meanMs, double maxMs, long errors, long non2xx) {
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":([0-9.]+)");
    private final Path script;

    Wrk() throws IOException {
        script = Files.createTempFile("bgtasks-wrk-", ".lua");
        script.toFile().deleteOnExit();
        try (InputStream in = Wrk.class.getResourceAsStream("/wrk-report.lua")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * @param gapMs pause of each connection between a response and its next request (0: none, the server is
     *              saturated; wrk's latency then includes its correction for requests it could not send meanwhile)
     */
    Result run(String url, int connections, int seconds, int gapMs) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
            "-s", script.toString(), url)).redirectErrorStream(true);
        builder.environment().put("WRK_GAP_MS", Integer.toString(gapMs));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed: " + out);
        }
        String json = out.lines().filter(l -> l.startsWith("{\"requests\"")).reduce((a, b) -> b)
            .orElseThrow(() -> new IOException("no result line from wrk: " + out));
        Matcher m = FIELD.matcher(json);
        java.util.Map<String, Double> f = new java.util.HashMap<>();
        while (m.find()) {
            f.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return new Result(f.get("requests").longValue(), f.get("duration_us") / 1e6, f.get("p50_us") / 1e3,
            f.get("p99_us") / 1e3, f.get("mean_us") / 1e3, f.get("max_us") / 1e3, f.get("errors").longValue(), f.get("non2xx").longValue());
    }
}
