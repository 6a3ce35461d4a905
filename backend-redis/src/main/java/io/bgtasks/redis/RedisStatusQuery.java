package io.bgtasks.redis;

import io.bgtasks.spi.TaskIds;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import jakarta.inject.Singleton;

import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's status, derived from its batch's hash: steps before the checkpoint succeeded (their attempts and
 * times are in the step history), the step at the checkpoint has the batch's state, steps after it are
 * queued, or skipped when the batch failed. A batch waiting in the due-time set (state {@code d}: a retry, or a
 * delayed batch before its first attempt) shows when it is due ({@code na}) as the next attempt's time. The step
 * names come from the payload, or, once the batch succeeded and its payload was dropped, from the names its lean
 * record keeps.
 */
@Singleton
final class RedisStatusQuery implements TaskStatusQuery {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final BatchCodec codec;

    RedisStatusQuery(RedisConnection redis, RedisKeys keys, BatchCodec codec) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
    }

    @Override
    public Optional<TaskStatus> find(String taskId) {
        TaskIds.TaskRef ref = TaskIds.parse(taskId);
        return ref == null ? Optional.empty() : statuses(ref.batchId(), ref.index(), ref.index() + 1).stream().findFirst();
    }

    /** One read of the batch's hash for all its tasks, where asking for each would read and decode it per task. */
    @Override
    public List<TaskStatus> batch(String batchId) {
        return TaskIds.isBatchId(batchId) ? statuses(batchId, 0, Integer.MAX_VALUE) : List.of();
    }

    /** The statuses of the tasks {@code from} (inclusive) to {@code to} (exclusive) that the batch has. */
    private List<TaskStatus> statuses(String batchId, int from, int to) {
        Map<String, String> h;
        try {
            h = redis.client().hgetAll(keys.batch(batchId));
        } catch (JedisDataException damaged) {
            // someone replaced the batch's key with another type: say so instead of failing the request
            String reason = redis.client().hget(keys.unreadable, batchId);
            return List.of(new TaskStatus(TaskIds.taskId(batchId, from), "?", batchId, TaskState.FAILED, 0,
                reason != null ? reason : "its stored record is damaged: " + damaged.getMessage(), null, null, null, null));
        }
        if (h.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (h.get("p") == null) {
            // a succeeded batch's lean record: its payload is gone, its step names are kept in "m"
            String kept = h.get("m");
            for (int i = from; kept != null && i < to; i++) {
                String name = stepName(kept, i);
                if (name == null) {
                    break;
                }
                names.add(name);
            }
        } else {
            List<BatchCodec.Step> steps;
            try {
                steps = codec.decode(h.get("p"));
            } catch (PoisonTaskException e) {
                return from == 0 ? List.of(new TaskStatus(TaskIds.taskId(batchId, 0), "?", batchId, TaskState.FAILED,
                    integer(h.get("n")), h.getOrDefault("e", e.getMessage()), time(h.get("c")), null, time(h.get("ft")), null))
                    : List.of();
            }
            for (int i = from; i < Math.min(to, steps.size()); i++) {
                names.add(steps.get(i).name());
            }
        }
        List<TaskStatus> statuses = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            TaskIds.TaskRef ref = new TaskIds.TaskRef(batchId, from + i);
            statuses.add(status(TaskIds.taskId(batchId, from + i), ref, names.get(i), h));
        }
        return statuses;
    }

    private static TaskStatus status(String taskId, TaskIds.TaskRef ref, String name, Map<String, String> h) {
        int k = integer(h.get("k"));
        String s = h.getOrDefault("s", "q");
        Instant created = time(h.get("c"));
        if (ref.index() < k) {
            String[] step = history(h.get("h"), ref.index());
            return new TaskStatus(taskId, name, ref.batchId(), TaskState.SUCCEEDED, integer(step[0]), null, created,
                time(step[1]), time(step[2]), null);
        }
        if (ref.index() > k) {
            boolean skipped = "f".equals(s);
            // a delayed batch that has not started yet: every step waits for its start time
            boolean delayed = "d".equals(s) && k == 0 && integer(h.get("n")) == 0;
            return new TaskStatus(taskId, name, ref.batchId(), skipped ? TaskState.SKIPPED : TaskState.QUEUED, 0, null,
                created, null, skipped ? time(h.get("ft")) : null, delayed ? time(h.get("na")) : null);
        }
        TaskState state = switch (s) {
            case "r" -> TaskState.RUNNING;
            case "ok" -> TaskState.SUCCEEDED;
            case "f" -> TaskState.FAILED;
            default -> TaskState.QUEUED;
        };
        boolean finished = state.isFinal();
        return new TaskStatus(taskId, name, ref.batchId(), state, integer(h.get("n")), h.get("e"), created,
            time(h.get("st")), finished ? time(h.get("ft")) : null, "d".equals(s) ? time(h.get("na")) : null);
    }

    /**
     * @return the name of step {@code index} in the names a lean record keeps ({@code BatchProcessor.names}: a step of
     *         the class before it is written {@code #method}), or null when the batch has fewer steps
     */
    static String stepName(String names, int index) {
        String[] each = names.split(",");
        if (index >= each.length) {
            return null;
        }
        String name = each[index];
        for (int i = index; name.startsWith("#") && i > 0; ) {
            String before = each[--i];
            int hash = before.indexOf('#');
            if (hash > 0) {
                name = before.substring(0, hash) + name;
            }
        }
        return name;
    }

    /** The history holds "attempts:startMs:endMs;" per finished step. */
    private static String[] history(String history, int index) {
        String[] steps = history == null ? new String[0] : history.split(";");
        return index < steps.length ? steps[index].split(":") : new String[]{"1", null, null};
    }

    // a damaged field reads as unknown (0, no time) rather than failing the request; fetch dead-letters the batch
    private static int integer(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant time(String millis) {
        try {
            return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
