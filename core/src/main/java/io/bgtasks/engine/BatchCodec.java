package io.bgtasks.engine;

import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.RetryPolicy;
import io.bgtasks.internal.JsonSlices;
import io.bgtasks.internal.JsonText;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a batch, shared by the durable backends: a JSON array of steps,
 * {@code [{"n":"Class#method","a":[args],"r":{policy}}]}. Task ids are not stored: a step's id is the batch id
 * and its position. The retry policy is stored only when the call chose its own; a method's
 * {@code @TaskRetry} is read from the worker's registry, so it can change without touching stored batches.
 */
@Singleton
public final class BatchCodec {
    /**
     * One decoded step.
     *
     * @param name  task name
     * @param args  its arguments, the JSON array's text exactly as stored (decoded with each parameter's type by
     *              {@link TaskInvoker#invoke(String, String)}, never through a tree that would round decimals)
     * @param retry the per-call policy, or null
     */
    public record Step(String name, String args, RetryPolicy retry) {
    }

    private final JsonMapper json;
    private final TaskRegistry registry;

    BatchCodec(JsonMapper json, TaskRegistry registry) {
        this.json = json;
        this.registry = registry;
    }

    /**
     * @param batch a sealed batch
     * @return its payload
     */
    public String encode(TaskBatch batch) {
        StringBuilder s = new StringBuilder(64 + batch.calls().size() * 96).append('[');
        for (TaskCall call : batch.calls()) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append("{\"n\":");
            JsonText.quote(s, call.name());
            s.append(",\"a\":").append(call.argsJson());
            RetryPolicy own = call.retry();
            if (own != null && !own.equals(registry.find(call.name()).map(RegisteredTask::retry).orElse(null))) {
                s.append(",\"r\":");
                policy(s, own);
            }
            s.append('}');
        }
        return s.append(']').toString();
    }

    /**
     * @param payload a stored payload
     * @return its steps, in order
     * @throws PoisonTaskException when the payload is not a batch this worker can read
     */
    public List<Step> decode(String payload) throws PoisonTaskException {
        List<Step> steps = new ArrayList<>();
        try (JsonParser p = JsonSlices.parser(payload)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new PoisonTaskException("payload must be a non-empty JSON array of steps", null);
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                steps.add(step(p, payload, steps.size()));
            }
            if (p.nextToken() != null) {
                throw new PoisonTaskException("payload has text after its array of steps", null);
            }
        } catch (RuntimeException e) { // Jackson's errors, a null payload
            throw new PoisonTaskException("payload is not valid JSON: " + e.getMessage(), e);
        }
        if (steps.isEmpty()) {
            throw new PoisonTaskException("payload must be a non-empty JSON array of steps", null);
        }
        return steps;
    }

    /** Skips a value of the wrong shape; the step then lacks that part. */
    private static String skip(JsonParser p) {
        p.skipChildren();
        return null;
    }

    /** One step object, its arguments kept as their text. */
    private Step step(JsonParser p, String payload, int index) throws PoisonTaskException {
        String name = null;
        String args = null;
        RetryPolicy retry = null;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "n" -> name = value == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                    case "a" -> args = value == JsonToken.START_ARRAY ? JsonSlices.value(p, payload) : skip(p);
                    case "r" -> retry = policy(JsonSlices.value(p, payload));
                    default -> p.skipChildren();
                }
            }
        }
        if (name == null || args == null) {
            throw new PoisonTaskException("step " + index + " of the payload needs a task name \"n\" and an argument array \"a\"", null);
        }
        return new Step(name, args, retry);
    }

    private static void policy(StringBuilder s, RetryPolicy p) {
        s.append("{\"m\":").append(p.maxAttempts())
            .append(",\"d\":").append(p.initialDelay().toMillis())
            .append(",\"x\":").append(p.multiplier())
            .append(",\"j\":").append(p.jitter())
            .append(",\"M\":").append(p.maxDelay().toMillis())
            .append(",\"on\":[");
        names(s, p.retryOn());
        s.append("],\"ig\":[");
        names(s, p.ignore());
        s.append("]}");
    }

    private static void names(StringBuilder s, List<Class<? extends Throwable>> types) {
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            JsonText.quote(s, types.get(i).getName());
        }
    }

    private RetryPolicy policy(String text) throws PoisonTaskException {
        try {
            JsonNode r = json.readValue(text, Argument.of(JsonNode.class));
            return new RetryPolicy(r.get("m").getIntValue(), Duration.ofMillis(r.get("d").getLongValue()),
                r.get("x").getDoubleValue(), r.get("j").getDoubleValue(), Duration.ofMillis(r.get("M").getLongValue()),
                throwables(r.get("on")), throwables(r.get("ig")));
        } catch (IOException | RuntimeException e) {
            throw new PoisonTaskException("unreadable retry policy in payload: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>> throwables(JsonNode names) throws PoisonTaskException {
        List<Class<? extends Throwable>> types = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).getStringValue();
            try {
                // loaded without initialization, and only accepted when it is an exception type
                Class<?> type = Class.forName(name, false, BatchCodec.class.getClassLoader());
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw new PoisonTaskException("retry policy names " + name + ", which is not an exception type", null);
                }
                types.add((Class<? extends Throwable>) type);
            } catch (ClassNotFoundException e) {
                throw new PoisonTaskException("retry policy names unknown exception type " + name, e);
            }
        }
        return types;
    }
}
