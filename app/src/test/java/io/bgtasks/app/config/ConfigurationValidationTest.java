package io.bgtasks.app.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An impossible {@code bgtasks.*} value stops start-up with a message that names the property, the value and what
 * is allowed, on the backend that reads it; none is accepted and then ignored (a worker that never fetches).
 */
class ConfigurationValidationTest {

    @ParameterizedTest(name = "{0}={1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
        bgtasks.worker.concurrency             | 0     | inmemory | an integer from 1 to 10000
        bgtasks.worker.concurrency             | -3    | redis    | an integer from 1 to 10000
        bgtasks.worker.shutdown-timeout        | -1s   | inmemory | a duration of 0 or more
        bgtasks.retry.max-attempts             | 0     | inmemory | an integer from 1 to 1000
        bgtasks.retry.initial-delay            | 0s    | inmemory | a positive duration
        bgtasks.retry.max-delay                | -5s   | inmemory | a positive duration
        bgtasks.retry.multiplier               | NaN   | inmemory | a number in [1, 1000]
        bgtasks.retry.multiplier               | -2    | inmemory | a number in [1, 1000]
        bgtasks.retry.jitter                   | 1     | inmemory | a number in [0, 1)
        bgtasks.retry.jitter                   | -0.1  | inmemory | a number in [0, 1)
        bgtasks.inmemory.max-concurrent-batches| 0     | inmemory | an integer from 1 to 100000
        bgtasks.inmemory.status-retention      | 0s    | inmemory | a positive duration
        bgtasks.redis.lease                    | 100ms | redis    | at least 500ms
        bgtasks.redis.lease                    | 0s    | redis    | at least 500ms
        bgtasks.redis.fetch-batch              | 0     | redis    | an integer from 1 to 1000
        bgtasks.redis.timeout                  | -1s   | redis    | a positive duration
        bgtasks.jobrunr.poll-interval          | 1s    | jobrunr  | at least 5s
        bgtasks.jobrunr.pool-size              | 0     | jobrunr  | an integer from 1 to 1000
        bgtasks.status-endpoint.poll-interval  | 0ms   | inmemory | a positive duration
        """)
    void startUpFailsNamingThePropertyAndTheAllowedRange(String property, String value, String backend, String allowed) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bgtasks.backend", backend);
        properties.put(property, value);
        // nothing listens here: start-up must fail on the value, before anything connects
        properties.put("bgtasks.redis.uri", "redis://127.0.0.1:1");
        properties.put("bgtasks.jobrunr.h2-path", "target/config-validation/jobrunr");
        properties.put("bgtasks.worker.enabled", "false");
        properties.put("micronaut.server.port", "-1");
        Exception failure = assertThrows(Exception.class, () -> {
            try (ApplicationContext ignored = ApplicationContext.run(properties, Environment.TEST)) {
                // started: the value was accepted
            }
        });
        String messages = messages(failure);
        assertTrue(messages.contains("invalid " + property + "=") && messages.contains(allowed),
            "expected the property " + property + " and '" + allowed + "' in: " + messages);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
