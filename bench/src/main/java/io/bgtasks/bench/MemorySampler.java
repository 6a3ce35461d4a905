package io.bgtasks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Peak heap in use and peak resident set size of this JVM while a worker drains, sampled every 10 ms on a
 * platform thread (a worker's heap is mostly payloads in flight and per-batch objects; RSS adds the
 * thread stacks, code cache and GC structures a deployment pays for).
 */
final class MemorySampler implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private final long rssStart = rss();
    private volatile long heapPeak;
    private volatile long rssPeak;
    private volatile boolean stop;
    private final Thread thread = Thread.ofPlatform().daemon().name("bench-memory-sampler").start(this::loop);

    private void loop() {
        while (!stop) {
            heapPeak = Math.max(heapPeak, MEMORY.getHeapMemoryUsage().getUsed());
            rssPeak = Math.max(rssPeak, rss());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** @return heap_peak_mb, rss_start_mb, rss_peak_mb */
    Map<String, Object> extras() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap_peak_mb", Emitter.r3(heapPeak / 1048576.0));
        m.put("rss_start_mb", Emitter.r3(rssStart / 1048576.0));
        m.put("rss_peak_mb", Emitter.r3(rssPeak / 1048576.0));
        return m;
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no RSS
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
    }
}
