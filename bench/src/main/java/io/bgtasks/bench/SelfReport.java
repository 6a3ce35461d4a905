package io.bgtasks.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A soak child's own memory, printed on stdout every 2 s as {@code mem <heap used> <heap after the last GC> <RSS>}
 * (bytes) for the coordinator to sample. Heap used alone is a saw (garbage until the next collection); what the last
 * collection left is the live data plus what it did not reach, the figure that grows if something leaks.
 */
final class SelfReport {
    private static final AtomicLong AFTER_GC = new AtomicLong(-1);

    private SelfReport() {
    }

    static void start() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    // the report lists every pool; metaspace and code cache are not heap
                    for (Map.Entry<String, MemoryUsage> u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(u.getKey())) {
                            used += u.getValue().getUsed();
                        }
                    }
                    AFTER_GC.set(used);
                }
            }, null, null);
        }
        Thread.ofPlatform().daemon().name("soak-self-report").start(() -> {
            while (true) {
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                SoakChild.say("mem " + heap + " " + AFTER_GC.get() + " " + rss());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** @return VmRSS of this process in bytes, 0 when not on Linux */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
