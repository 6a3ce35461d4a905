package io.bgtasks.spi;

import io.bgtasks.RetryPolicy;
import io.bgtasks.internal.JsonText;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

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
     * @param args  its arguments, a JSON array
     * @param retry the per-call policy, or null
     */
    public record Step(String name, JsonNode args, RetryPolicy retry) {
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
        JsonNode root;
        try {
            root = json.readValue(payload, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw new PoisonTaskException("payload is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray() || root.size() == 0) {
            throw new PoisonTaskException("payload must be a non-empty JSON array of steps", null);
        }
        List<Step> steps = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode step = root.get(i);
            JsonNode name = step.isObject() ? step.get("n") : null;
            JsonNode args = step.isObject() ? step.get("a") : null;
            if (name == null || !name.isString() || args == null || !args.isArray()) {
                throw new PoisonTaskException("step " + i + " of the payload needs a task name \"n\" and an argument array \"a\"", null);
            }
            JsonNode r = step.get("r");
            steps.add(new Step(name.getStringValue(), args, r == null ? null : policy(r)));
        }
        return steps;
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

    private RetryPolicy policy(JsonNode r) throws PoisonTaskException {
        try {
            return new RetryPolicy(r.get("m").getIntValue(), Duration.ofMillis(r.get("d").getLongValue()),
                r.get("x").getDoubleValue(), r.get("j").getDoubleValue(), Duration.ofMillis(r.get("M").getLongValue()),
                throwables(r.get("on")), throwables(r.get("ig")));
        } catch (RuntimeException e) {
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
