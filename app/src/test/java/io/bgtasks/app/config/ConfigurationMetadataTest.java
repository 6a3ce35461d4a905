package io.bgtasks.app.config;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration metadata that IDEs read (META-INF/spring-configuration-metadata.json of core and each backend)
 * lists every {@code bgtasks.*} property with a plain one-line description and, where it has one, its default.
 */
class ConfigurationMetadataTest {
    /** Properties that have no default: a user sets them or leaves them unset on purpose. */
    private static final Set<String> NO_DEFAULT = Set.of("bgtasks.jobrunr.storage", "bgtasks.jobrunr.jdbc-url",
        "bgtasks.jobrunr.username", "bgtasks.jobrunr.password", "bgtasks.jobrunr.table-prefix",
        "bgtasks.jobrunr.dashboard.username", "bgtasks.jobrunr.dashboard.password", "bgtasks.auth.username",
        "bgtasks.auth.password");

    @Test
    void everyPropertyHasADescriptionAndItsDefault() throws IOException {
        Map<String, JsonNode> properties = properties();
        for (String expected : List.of("bgtasks.backend", "bgtasks.web.enabled", "bgtasks.worker.enabled",
            "bgtasks.worker.concurrency", "bgtasks.status-endpoint.enabled", "bgtasks.status-endpoint.path",
            "bgtasks.status-endpoint.poll-interval", "bgtasks.dead-letters-endpoint.enabled",
            "bgtasks.dead-letters-endpoint.path", "bgtasks.retry.jitter", "bgtasks.inmemory.max-concurrent-batches",
            "bgtasks.redis.lease", "bgtasks.jobrunr.poll-interval")) {
            assertTrue(properties.containsKey(expected), expected + " is missing from the metadata: " + properties.keySet());
        }
        List<String> problems = new ArrayList<>();
        properties.forEach((name, property) -> {
            String description = property.get("description") == null ? "" : property.get("description").getStringValue();
            if (description.isBlank() || description.contains("{@") || description.contains("\n")) {
                problems.add(name + ": description is not one plain line: '" + description + "'");
            }
            boolean hasDefault = property.get("defaultValue") != null;
            if (hasDefault == NO_DEFAULT.contains(name)) {
                problems.add(name + (hasDefault ? ": has a default but is listed as having none" : ": no defaultValue"));
            }
        });
        assertEquals(List.of(), problems);
    }

    /** The configuration reference in docs/ has a row for every property the metadata lists. */
    @Test
    void theConfigurationReferenceListsEveryProperty() throws IOException {
        String reference = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "configuration.md"));
        List<String> missing = new ArrayList<>();
        for (String name : properties().keySet()) {
            boolean listed = reference.contains("| `" + name + "`")
                // credentials share a row: `...username` / `password`
                || name.endsWith(".password") && reference.contains(name.replace(".password", ".username") + "` / `password`");
            if (!listed) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "properties without a row in docs/configuration.md");
    }

    private static Map<String, JsonNode> properties() throws IOException {
        JsonMapper json = JsonMapper.createDefault();
        Map<String, JsonNode> properties = new TreeMap<>();
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode root = json.readValue(in, JsonNode.class);
                for (JsonNode property : root.get("properties").values()) {
                    String name = property.get("name").getStringValue();
                    if (name.startsWith("bgtasks.")) {
                        properties.put(name, property);
                    }
                }
            }
        }
        return properties;
    }
}
