package io.bgtasks.jobrunr;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a jobs row's JSON as a plain tree, without loading or creating any class it names, and says what makes it
 * something other than a bgtasks job as {@link JobRunrTaskSink} stores it. JobRunr's own reader creates the job
 * class, the argument class and the state classes a row names; only rows that pass this check reach it.
 */
final class StoredJobCheck {
    private static final ObjectMapper TREE = JsonMapper.builder().build();
    private static final String STATES = "org.jobrunr.jobs.states.";
    private static final Set<String> REQUEST_FIELDS = Set.of("batchId", "payload", "finished", "trace");
    private static final Set<String> NUMBERS = Set.of(Progress.STEP, Progress.FAILURES, Progress.DUE);
    /** Longest JSON text read: a job bgtasks stores is a few KB, a batch at most the payload limit. */
    static final int MAX_LENGTH = 64 * 1024 * 1024;

    /** What was read: the tree when it parsed, and the damage when there is any. */
    record Result(JsonNode tree, UUID id, String damage) {
        boolean damaged() {
            return damage != null;
        }

        /** @return the batch id and payload of the request, when they are plain strings; else null */
        String requestField(String name) {
            JsonNode object = tree == null ? null : tree.path("jobDetails").path("jobParameters").path(0).path("object");
            JsonNode value = object == null ? null : object.get(name);
            return value != null && value.isString() ? value.asString() : null;
        }
    }

    private StoredJobCheck() {
    }

    static Result check(String json) {
        if (json == null) {
            return new Result(null, null, "jobAsJson is null");
        }
        if (json.length() > MAX_LENGTH) {
            return new Result(null, null, "jobAsJson is " + json.length() + " characters long");
        }
        JsonNode tree;
        try {
            tree = TREE.readTree(json);
        } catch (JacksonException e) {
            return new Result(null, null, "jobAsJson is not JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (tree == null || !tree.isObject()) {
            return new Result(tree, null, "jobAsJson is not a JSON object");
        }
        UUID id = uuid(tree.get("id"));
        if (id == null) {
            return new Result(tree, null, "jobAsJson has no job id");
        }
        return new Result(tree, id, damage(tree, id));
    }

    private static String damage(JsonNode tree, UUID id) {
        JsonNode version = tree.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() > Integer.MAX_VALUE) {
            return "jobAsJson has no valid version";
        }
        if (version.asLong() < 1) {
            // JobRunr saves a job of version 0 with an INSERT, which fails on the stored row, and fails the whole poll
            return "the job's version is " + version.asLong() + ", which JobRunr takes for a job never stored";
        }
        JsonNode details = tree.get("jobDetails");
        if (details == null || !details.isObject()) {
            return "jobAsJson has no jobDetails";
        }
        String job = text(details, "className") + "." + text(details, "methodName");
        JsonNode staticField = details.get("staticFieldName");
        if (!(BatchJobHandler.class.getName() + ".run").equals(job) || (staticField != null && !staticField.isNull())) {
            return "the row names " + job + (staticField != null && !staticField.isNull() ? " on field " + staticField : "")
                + ", not bgtasks' job " + BatchJobHandler.class.getName() + ".run; it is not run";
        }
        JsonNode parameters = details.get("jobParameters");
        if (parameters == null || !parameters.isArray() || parameters.size() != 1) {
            return "the job must have exactly one argument, a " + BatchJob.class.getName();
        }
        JsonNode parameter = parameters.get(0);
        String type = text(parameter, "className");
        JsonNode actual = parameter.get("actualClassName");
        if (!BatchJob.class.getName().equals(type) || (actual != null && !BatchJob.class.getName().equals(actual.asString(null)))) {
            return "the job's argument is a " + (actual != null ? actual.asString("?") : type) + ", not a " + BatchJob.class.getName()
                + "; it is not read";
        }
        JsonNode request = parameter.get("object");
        if (request == null || !request.isObject()) {
            return "the job's argument is not a JSON object";
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = request.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!REQUEST_FIELDS.contains(field.getKey()) || !(field.getValue().isString() || field.getValue().isNull())) {
                return "the job's argument has an unexpected field '" + field.getKey() + "'";
            }
        }
        JsonNode history = tree.get("jobHistory");
        if (history == null || !history.isArray() || history.isEmpty()) {
            return "jobAsJson has no job states";
        }
        for (JsonNode state : history) {
            String stateClass = text(state, "@class");
            if (!stateClass.startsWith(STATES) || stateClass.indexOf('.', STATES.length()) >= 0) {
                return "a job state is a '" + stateClass + "', not one of JobRunr's states";
            }
        }
        JsonNode metadata = tree.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                return "the job's metadata is not a JSON object";
            }
            for (Iterator<Map.Entry<String, JsonNode>> entries = metadata.properties().iterator(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String reason = metadataDamage(entry.getKey(), entry.getValue());
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }

    /** bgtasks writes strings only; JobRunr's own entries (dashboard log, progress bar) are objects of its classes. */
    private static String metadataDamage(String key, JsonNode value) {
        if (value.isObject()) {
            String type = text(value, "@class");
            return type.startsWith("org.jobrunr.") ? null : "the job's metadata '" + key + "' is a '" + type + "'";
        }
        if (!(value.isString() || value.isNumber() || value.isBoolean() || value.isNull())) {
            return "the job's metadata '" + key + "' is not a plain value";
        }
        if (NUMBERS.contains(key) && !wholeNumber(value.asString())) {
            return "the job's metadata '" + key + "' is '" + abbreviate(value.asString()) + "', not a whole number from 0";
        }
        if (Progress.HISTORY.equals(key) && !value.asString().matches("(\\d{1,9}:\\d{1,18}:\\d{1,18};)*")) {
            return "the job's metadata '" + key + "' is not a list of finished steps";
        }
        return null;
    }

    private static boolean wholeNumber(String text) {
        return text != null && text.matches("\\d{1,18}");
    }

    private static UUID uuid(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            UUID id = UUID.fromString(node.asString());
            return id.toString().equals(node.asString().toLowerCase(java.util.Locale.ROOT)) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isString() ? "?" : abbreviate(value.asString());
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return abbreviate(end < 0 ? message : message.substring(0, end));
    }
}
