package io.bgtasks.bench;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.List;

/**
 * The benchmark's own view of Redis, next to the application's: CPU and memory from {@code INFO}, key sizes,
 * and removing a scenario's keys afterwards (never FLUSHALL: the server may be shared).
 */
final class RedisAdmin implements AutoCloseable {
    private final RedisClient client;

    RedisAdmin(String uri) {
        client = RedisClient.create(uri);
    }

    RedisClient client() {
        return client;
    }

    /** @return used_cpu_user + used_cpu_sys of the server, or null when it cannot be read */
    Double cpuSeconds() {
        try {
            String info = client.info("cpu");
            return field(info, "used_cpu_user") + field(info, "used_cpu_sys");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return INFO memory used_memory, in bytes */
    long usedMemory() {
        return (long) field(client.info("memory"), "used_memory");
    }

    /** @return MEMORY USAGE of a key (all of its elements counted), 0 when missing */
    long memoryUsage(String key) {
        Long v = client.memoryUsage(key, 0);
        return v == null ? 0 : v;
    }

    /** Deletes every key that starts with {@code prefix}; nothing when Redis is not there (in-memory runs). */
    void deletePrefix(String prefix) {
        try {
            scanAndDelete(prefix);
        } catch (JedisConnectionException e) {
            // no Redis: an in-memory run stored nothing there
        }
    }

    private void scanAndDelete(String prefix) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(1000);
        do {
            ScanResult<String> page = client.scan(cursor, match);
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                client.unlink(keys.toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!"0".equals(cursor));
    }

    private static double field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO has no " + name);
    }

    @Override
    public void close() {
        client.close();
    }
}
