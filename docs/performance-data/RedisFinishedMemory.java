import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.bench.NoopTasks;
import io.micronaut.context.ApplicationContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Redis bytes per finished task: used_memory before and after 10,000 one-task batches ran, and MEMORY USAGE of records. */
public class RedisFinishedMemory {
    static long used(UnifiedJedis r) {
        for (String line : r.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) return Long.parseLong(line.substring(12).trim());
        }
        throw new IllegalStateException();
    }

    public static void main(String[] a) throws Exception {
        String uri = a[0], label = a[1], job = a[2];
        boolean keyed = a.length > 3 && a[3].equals("keyed");
        int n = 10_000;
        String prefix = "{mem}";
        String data = "x".repeat(512);
        try (UnifiedJedis r = RedisClient.create(uri);
             ApplicationContext ctx = ApplicationContext.run(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri,
                 "bgtasks.redis.prefix", prefix, "bgtasks.worker.concurrency", "16"))) {
            TaskSubmitter s = ctx.getBean(TaskSubmitter.class);
            BackgroundWork work = ctx.getBean(BackgroundWork.class);
            s.submit(t -> t.addTask(NoopTasks::noop, -1));
            work.awaitIdle(Duration.ofSeconds(30));
            Thread.sleep(1500);
            r.flushAll();
            Thread.sleep(300);
            long before = used(r);
            for (int i = 0; i < n; i++) {
                int k = i;
                java.util.function.Consumer<io.bgtasks.BackgroundTasks> add = job.equals("small")
                    ? t -> t.addTask(NoopTasks::noop, k) : t -> t.addTask(NoopTasks::payload, data);
                if (keyed) s.submit("key-" + i, add); else s.submit(add);
            }
            if (!work.awaitIdle(Duration.ofSeconds(120))) throw new IllegalStateException("not idle");
            Thread.sleep(1500);
            long after = used(r);
            List<String> keys = r.keys(prefix + ":b:*").stream().limit(100).toList();
            long rec = 0;
            for (String key : keys) rec += r.memoryUsage(key, 0);
            long done = r.exists(prefix + ":done") ? r.memoryUsage(prefix + ":done", 0) : 0;
            long idem = 0; int idemN = 0;
            for (String key : r.keys(prefix + ":i:*").stream().limit(100).toList()) { idem += r.memoryUsage(key, 0); idemN++; }
            System.out.printf("RESULT %s job=%s keyed=%s records=%d used_delta_per_task=%.1f record_memory_usage=%.1f done_list_per_task=%.1f idem_key=%.1f fields=%s%n",
                label, job, keyed, r.keys(prefix + ":b:*").size(), (after - before) / (double) n, rec / (double) keys.size(),
                done / (double) n, idemN == 0 ? 0.0 : idem / (double) idemN, r.hkeys(keys.get(0)));
            r.flushAll();
        }
    }
}
