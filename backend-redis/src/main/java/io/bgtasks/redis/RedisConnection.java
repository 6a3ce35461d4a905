package io.bgtasks.redis;

import io.bgtasks.WorkerConfiguration;
import io.bgtasks.spi.TaskSinkUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pooled Jedis client and the Lua scripts, loaded once and called by SHA. Every multi-key change of
 * the backend is one of these scripts, so it is atomic.
 */
@Singleton
final class RedisConnection {
    private final RedisClient client;
    /** The server without credentials, for messages. */
    private final String where;
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    RedisConnection(RedisConfiguration configuration, WorkerConfiguration worker) {
        URI uri = URI.create(configuration.getUri());
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("bgtasks.redis.uri must start with redis:// or rediss://, got " + uri);
        }
        where = uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 6379);
        int timeout = (int) configuration.getTimeout().toMillis();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        // one more for the status-change subscription, which holds its connection while an event stream is open
        int size = Math.max(configuration.getPoolSize(), worker.getConcurrency() + 4) + 1;
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        pool.setMinIdle(0);
        client = RedisClient.builder()
            .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379))
            .clientConfig(DefaultJedisClientConfig.builder(uri).connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                .clientName("bgtasks").build())
            .poolConfig(pool)
            .build();
    }

    UnifiedJedis client() {
        return client;
    }

    /**
     * Runs a script from {@code io/bgtasks/redis/<name>.lua}.
     *
     * @throws TaskSinkUnavailableException when Redis cannot be reached
     */
    Object script(String name, List<String> keys, List<String> args) {
        String sha = shas.computeIfAbsent(name, n -> client.scriptLoad(source(n)));
        try {
            return client.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            // Redis restarted or SCRIPT FLUSH: load again
            sha = client.scriptLoad(source(name));
            shas.put(name, sha);
            return client.evalsha(sha, keys, args);
        }
    }

    /**
     * Like {@link #script} but maps connection failures to {@link TaskSinkUnavailableException}. A script that
     * fails on a broken connection is tried once more on a new one, after the idle pooled connections are
     * dropped: when Redis restarts or fails over, every idle connection is dead, and each would otherwise fail
     * one request although Redis answers again. Only for idempotent scripts (enqueue skips a stored batch id, the
     * schedule ledger only moves forward).
     */
    Object scriptOrUnavailable(String name, List<String> keys, List<String> args) {
        try {
            return script(name, keys, args);
        } catch (JedisConnectionException broken) {
            client.getPool().clear();
            try {
                return script(name, keys, args);
            } catch (JedisException e) {
                e.addSuppressed(broken);
                throw unavailable(e);
            }
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** @return a script's bulk-string reply as text (Jedis hands it over as bytes or as a String) */
    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private TaskSinkUnavailableException unavailable(JedisException e) {
        if (e instanceof JedisDataException && e.getMessage() != null && e.getMessage().startsWith("OOM")) {
            return new TaskSinkUnavailableException("Redis at " + where + " is out of memory (used_memory is above its "
                + "maxmemory and its policy evicts nothing); nothing was stored. Workers keep draining the queue, which "
                + "frees memory. To recover: raise maxmemory, or lower what Redis keeps (bgtasks.redis.status-retention, "
                + "status-max-succeeded, idempotency-window, dead-letter-max), or delete dead letters; see docs/redis.md, "
                + "Out of memory. Redis said: " + e.getMessage(), e);
        }
        if (e instanceof JedisDataException) {
            // Redis answered, but refused: e.g. a key of the queue holds the wrong type (the script says which and
            // that nothing was stored)
            return new TaskSinkUnavailableException("Redis at " + where + " refused: " + e.getMessage(), e);
        }
        return new TaskSinkUnavailableException("Redis at " + where + " is unavailable: " + e.getMessage(), e);
    }

    private String source(String name) {
        return sources.computeIfAbsent(name, n -> {
            try (InputStream in = RedisConnection.class.getResourceAsStream(n + ".lua")) {
                if (in == null) {
                    throw new IllegalStateException("missing script " + n + ".lua");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // Redis 6 has no script flags and would read the "#!lua" line as Lua; there the scripts run without
                // them (an out-of-memory Redis 6 refuses a script's first write that needs memory instead)
                return text.startsWith("#!") && !flagsSupported() ? text.substring(text.indexOf('\n') + 1) : text;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private volatile Boolean flags;

    /** Whether the server reads the shebang line of a script ({@code #!lua flags=...}): Redis 7 and later. */
    private boolean flagsSupported() {
        Boolean known = flags;
        if (known == null) {
            String version = "";
            for (String line : client.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    version = line.substring("redis_version:".length()).trim();
                }
            }
            int major;
            try {
                major = Integer.parseInt(version.split("\\.")[0]);
            } catch (NumberFormatException e) {
                major = 7; // a server that does not say: assume a current one
            }
            known = major >= 7;
            flags = known;
        }
        return known;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
