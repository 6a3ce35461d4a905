package io.bgtasks.app.matrix;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers' columns of the failure matrix: real FastAPI BackgroundTasks and Celery processes put through the same
 * scenarios by {@code ../shared/peers/failure-matrix/failure-matrix.sh}, whose JSON lines are kept in
 * {@code docs/performance-data/failure-matrix-peers.jsonl} (first line: when, with what, by which command). Our own
 * columns always come from this test run; these are read, never measured here.
 */
final class PeerColumns {
    /** Column title per system name in the peers' output, in the order the table shows them. */
    static final Map<String, String> SYSTEMS = Map.of("fastapi", "FastAPI BackgroundTasks", "celery-default",
        "Celery defaults", "celery-acks-late", "Celery acks_late");
    static final List<String> ORDER = List.of("fastapi", "celery-default", "celery-acks-late");
    private static final Path FILE = Path.of("..", "docs", "performance-data", "failure-matrix-peers.jsonl");

    private final String provenance;
    private final Map<String, Map<String, String>> cells;
    private final Map<String, String> titles;

    private PeerColumns(String provenance, Map<String, Map<String, String>> cells, Map<String, String> titles) {
        this.provenance = provenance;
        this.cells = cells;
        this.titles = titles;
    }

    /** @return the peers' results, or none when the file is missing */
    static PeerColumns read() throws IOException {
        if (!Files.exists(FILE)) {
            return new PeerColumns("", Map.of(), Map.of());
        }
        JsonMapper json = JsonMapper.createDefault();
        String provenance = "";
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readValue(line, JsonNode.class);
            if (node.get("meta") != null) {
                provenance = node.get("text").getStringValue();
                continue;
            }
            String scenario = node.get("scenario").getStringValue();
            titles.put(scenario, node.get("title").getStringValue());
            String detail = node.get("detail") == null || node.get("detail").isNull() ? "" : node.get("detail").getStringValue();
            cells.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).put(node.get("system").getStringValue(),
                "**" + node.get("outcome").getStringValue() + "**" + (detail.isEmpty() ? "" : "<br>" + detail));
        }
        return new PeerColumns(provenance, cells, titles);
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    String provenance() {
        return provenance;
    }

    /** @return the peers' cell of a scenario, by its title, whose number ("1", "3b") both sides share */
    String cell(String scenarioTitle, String system) {
        return cells.getOrDefault(id(scenarioTitle), Map.of()).getOrDefault(system, "not run");
    }

    /** @return the titles of the peers' scenarios that ours do not have (e.g. 3b, 6b) */
    List<String> extraScenarios(List<String> ours) {
        List<String> ourIds = ours.stream().map(PeerColumns::id).toList();
        List<String> extra = new ArrayList<>();
        titles.forEach((id, title) -> {
            if (!ourIds.contains(id)) {
                extra.add(title);
            }
        });
        return extra;
    }

    private static String id(String title) {
        int dot = title.indexOf('.');
        return dot < 0 ? title : title.substring(0, dot);
    }

}
