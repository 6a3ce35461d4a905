package io.bgtasks.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bgtasks.jobrunr.JobRunrConfiguration;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.h2.H2StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The raw JobRunr peer: JobRunr's own {@link JobRequestScheduler} and {@link BackgroundJobServer} with a no-op
 * {@link NoopJob}, on the storage the bgtasks JobRunr backend uses by default (an H2 file written at every
 * commit, a HikariCP pool of 10, Jackson 3 mapping), or with {@link Knobs#JOBRUNR_JDBC_URL} on PostgreSQL with the
 * same pool (a schema per scenario, as {@code bench jobrunr} gets), and with its server settings (C workers, 5 s
 * poll, JobRunr's retention), so the difference to {@code bench jobrunr} is what bgtasks adds. Prints system
 * {@code jobrunr} (on PostgreSQL {@code jobrunr-pg}) lines for add, add-bulk ({@code enqueue(Stream)}), process and
 * latency, like the other peers.
 *
 * <pre>java -cp bench/target/bgtasks-bench-*.jar io.bgtasks.bench.RawJobRunr [add,add-bulk,process,latency]</pre>
 */
public final class RawJobRunr {
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final String VERSION = jobrunrVersion();
    private static final String SYSTEM = "jobrunr" + PgStore.systemSuffix();
    /** The backend's defaults: its pool size and connection timeout are used here too. */
    private static final JobRunrConfiguration DEFAULTS = new JobRunrConfiguration();
    private static int seq;

    private RawJobRunr() {
    }

    /** One scenario's storage: a fresh H2 file, or a fresh PostgreSQL schema. */
    private record Store(String prefix, HikariDataSource pool, StorageProvider provider, Jackson3JsonMapper json) implements AutoCloseable {
        static Store open(String tag) throws IOException {
            String prefix = "raw-" + ProcessHandle.current().pid() + "-" + tag + "-" + (++seq);
            // the pool as JobRunrStorage configures it
            HikariConfig config = new HikariConfig();
            config.setMaximumPoolSize(DEFAULTS.getPoolSize());
            config.setMinimumIdle(1);
            config.setConnectionTimeout(DEFAULTS.getConnectionTimeout().toMillis());
            HikariDataSource pool;
            StorageProvider provider;
            if (PgStore.enabled()) {
                String tablePrefix = PgStore.tablePrefix(prefix);
                config.setJdbcUrl(Knobs.JOBRUNR_JDBC_URL);
                pool = new HikariDataSource(config);
                provider = new PostgresStorageProvider(pool, tablePrefix);
            } else {
                Path file = Backends.h2Path(prefix);
                Files.createDirectories(file.getParent());
                config.setJdbcUrl("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
                pool = new HikariDataSource(config);
                provider = new H2StorageProvider(pool);
            }
            Jackson3JsonMapper json = new Jackson3JsonMapper();
            provider.setJobMapper(new JobMapper(json));
            return new Store(prefix, pool, provider, json);
        }

        BackgroundJobServer server(int workers) {
            NoopJob.Handler handler = new NoopJob.Handler();
            JobActivator activator = new JobActivator() {
                @Override
                public <T> T activateJob(Class<T> type) {
                    return type.cast(handler);
                }
            };
            BackgroundJobServer server = new BackgroundJobServer(provider, json, activator,
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration().andWorkerCount(workers).andPollInterval(POLL));
            server.start();
            return server;
        }

        @Override
        public void close() {
            provider.close();
            pool.close();
            Backends.JOBRUNR.cleanup(prefix, null); // its H2 files or its schema; no Redis keys
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length > 0 ? List.of(args[0].split(",")) : List.of("add", "add-bulk", "process", "latency");
        try (RedisAdmin redis = new RedisAdmin(Knobs.REDIS_URL)) {
            CpuMeter cpu = new CpuMeter(redis);
            System.err.printf("[bench] raw %s %s, java %s, scenarios %s%n", SYSTEM, VERSION, Runtime.version(), scenarios);
            if (Knobs.WARMUP > 0) {
                int w = Math.max(1, Knobs.WARMUP / 4);
                add(w, cpu, false);
                addBulk(w, cpu, false);
                process(Knobs.WARMUP, cpu, false);
                if (scenarios.contains("latency")) {
                    latency(2, cpu, false); // each pickup waits for a poll
                }
                System.err.println("[bench] warm-up done");
            }
            for (String s : scenarios) {
                switch (s) {
                    case "add" -> add(Knobs.N_JOBRUNR, cpu, true);
                    case "add-bulk" -> addBulk(Knobs.N_JOBRUNR, cpu, true);
                    case "process" -> process(Knobs.N_JOBRUNR, cpu, true);
                    case "latency" -> latency(Knobs.JOBRUNR_LAT_N, cpu, true);
                    default -> throw new IllegalArgumentException("unknown scenario " + s);
                }
            }
        }
        System.exit(0);
    }

    private static void add(int n, CpuMeter cpu, boolean report) throws IOException {
        try (Store store = Store.open("add")) {
            JobRequestScheduler scheduler = new JobRequestScheduler(store.provider(), List.of());
            double[] lat = new double[n];
            CpuMeter.Snap c0 = cpu.snap();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                scheduler.enqueue(new NoopJob(i, false));
                lat[i] = (System.nanoTime() - a) / 1e6;
            }
            long nanos = System.nanoTime() - t0;
            if (report) {
                Emitter.emit(SYSTEM, VERSION, "add", n, nanos, lat, cpu.since(c0));
            }
        }
    }

    private static void addBulk(int n, CpuMeter cpu, boolean report) throws IOException {
        try (Store store = Store.open("bulk")) {
            JobRequestScheduler scheduler = new JobRequestScheduler(store.provider(), List.of());
            List<Double> lat = new ArrayList<>();
            CpuMeter.Snap c0 = cpu.snap();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += Knobs.BULK_CHUNK) {
                long a = System.nanoTime();
                scheduler.enqueue(IntStream.range(i, Math.min(n, i + Knobs.BULK_CHUNK)).mapToObj(k -> new NoopJob(k, false)));
                lat.add((System.nanoTime() - a) / 1e6);
            }
            long nanos = System.nanoTime() - t0;
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("chunk", Knobs.BULK_CHUNK);
            extras.putAll(cpu.since(c0));
            if (report) {
                Emitter.emit(SYSTEM, VERSION, "add-bulk", n, nanos, lat.stream().mapToDouble(Double::doubleValue).toArray(), extras);
            }
        }
    }

    /** Preloaded with enqueue(Stream), then timed from just before the server starts until nothing is left. */
    private static void process(int n, CpuMeter cpu, boolean report) throws Exception {
        try (Store store = Store.open("proc")) {
            JobRequestScheduler scheduler = new JobRequestScheduler(store.provider(), List.of());
            for (int i = 0; i < n; i += Knobs.PRELOAD_CHUNK) {
                scheduler.enqueue(IntStream.range(i, Math.min(n, i + Knobs.PRELOAD_CHUNK)).mapToObj(k -> new NoopJob(k, false)));
            }
            Probe.expect(n);
            try (MemorySampler memory = new MemorySampler()) {
                CpuMeter.Snap c0 = cpu.snap();
                long t0 = System.nanoTime();
                BackgroundJobServer server = store.server(Knobs.C);
                try {
                    long lastTask = Probe.awaitAll(Knobs.STALL_MS);
                    QueueScenarios.awaitJobRunrDrained(store.provider());
                    long nanos = System.nanoTime() - t0;
                    Map<String, Object> extras = new LinkedHashMap<>();
                    extras.put("concurrency", Knobs.C);
                    extras.put("last_task_s", Emitter.r3((lastTask - t0) / 1e9));
                    extras.put("preloaded", true);
                    extras.putAll(cpu.since(c0));
                    extras.putAll(memory.extras());
                    extras.put("failed", n - Probe.doneCount());
                    if (report) {
                        Emitter.emit(SYSTEM, VERSION, "process", n, nanos, null, extras);
                    }
                } finally {
                    server.stop();
                }
            }
        }
    }

    private static void latency(int n, CpuMeter cpu, boolean report) throws Exception {
        try (Store store = Store.open("lat")) {
            JobRequestScheduler scheduler = new JobRequestScheduler(store.provider(), List.of());
            BackgroundJobServer server = store.server(Knobs.LAT_CONCURRENCY);
            try {
                TimeUnit.MILLISECONDS.sleep(200);
                double[] samples = new double[n];
                CpuMeter.Snap c0 = cpu.snap();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    var started = Probe.expectPickup(i);
                    long a = System.nanoTime();
                    scheduler.enqueue(new NoopJob(i, true));
                    samples[i] = (started.get(Knobs.STALL_MS, TimeUnit.MILLISECONDS) - a) / 1e6;
                    TimeUnit.MILLISECONDS.sleep(Knobs.LAT_GAP_MS);
                }
                long nanos = System.nanoTime() - t0;
                Map<String, Object> extras = new LinkedHashMap<>();
                extras.put("concurrency", Knobs.LAT_CONCURRENCY);
                extras.put("gap_ms", Knobs.LAT_GAP_MS);
                extras.putAll(cpu.since(c0));
                if (report) {
                    Emitter.emit(SYSTEM, VERSION, "latency", n, nanos, samples, extras);
                }
            } finally {
                server.stop();
            }
        }
    }

    private static String jobrunrVersion() {
        Properties p = new Properties();
        try (InputStream in = RawJobRunr.class.getResourceAsStream("/bench.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p.getProperty("jobrunr");
    }
}
