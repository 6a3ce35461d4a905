package io.bgtasks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who used the two cores during a timed window, the way the BullMQ peer reports it: CPU seconds of this
 * JVM, of the Redis server ({@code INFO cpu}), of child processes this JVM waited for (the HTTP load
 * generator), with JobRunr on a local PostgreSQL that server's ({@code pg_cpu_s}: all its processes, so also
 * other clients'), and {@code other_cpu_s}, the rest of the machine's busy time from {@code /proc/stat}
 * (USER_HZ = 100). A line with a large {@code other_cpu_s} was measured while something else ran.
 */
final class CpuMeter {
    private final RedisAdmin redis;

    CpuMeter(RedisAdmin redis) {
        this.redis = redis;
    }

    /** A reading at one instant. */
    record Snap(double jvm, Double redis, double children, Double postgres, Double machine) {
    }

    Snap snap() {
        Double r = redis.cpuSeconds();
        return new Snap(jvmSeconds(), r, childrenSeconds(), postgresSeconds(), machineBusySeconds());
    }

    /** @return the extras for the window since {@code s0}: jvm_cpu_s, redis_cpu_s, [loadgen_cpu_s,] [pg_cpu_s,] other_cpu_s */
    Map<String, Object> since(Snap s0) {
        Double m1 = machineBusySeconds();
        double jvm = jvmSeconds() - s0.jvm();
        double children = childrenSeconds() - s0.children();
        Double r1 = redis.cpuSeconds();
        Double red = r1 == null || s0.redis() == null ? null : r1 - s0.redis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_cpu_s", Emitter.r3(jvm));
        out.put("redis_cpu_s", Emitter.r3(red));
        if (children > 0) {
            out.put("loadgen_cpu_s", Emitter.r3(children));
        }
        Double pg1 = postgresSeconds();
        double pg = pg1 == null || s0.postgres() == null ? 0 : pg1 - s0.postgres();
        if (pg1 != null) {
            out.put("pg_cpu_s", Emitter.r3(pg));
        }
        out.put("other_cpu_s", m1 == null || s0.machine() == null || red == null ? null
            : Emitter.r3(Math.max(0, m1 - s0.machine() - jvm - red - children - pg)));
        return out;
    }

    static double jvmSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** cutime + cstime of this process: CPU of children that have exited and were waited for. */
    private static double childrenSeconds() {
        try {
            String[] f = statFields(Files.readString(Path.of("/proc/self/stat")));
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The fields of a {@code /proc/<pid>/stat} line after the command (which may hold spaces): state(0) ...
     * utime(11) stime(12) cutime(13) cstime(14), in ticks of USER_HZ.
     */
    static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** utime + stime + cutime + cstime of every {@code postgres} process (the server reaps closed backends), or null. */
    private static Double postgresSeconds() {
        if (!PgStore.local()) {
            return null;
        }
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals("postgres")) {
                        String[] f = statFields(stat);
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            return null;
        }
        return ticks / 100.0;
    }

    private static Double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal: everything but idle and iowait
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
