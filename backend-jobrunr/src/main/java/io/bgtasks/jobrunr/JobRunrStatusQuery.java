package io.bgtasks.jobrunr;

import io.bgtasks.spi.TaskIds;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.jobs.states.SucceededState;
import org.jobrunr.storage.JobNotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A task's status from its batch's JobRunr job: steps before the checkpoint succeeded (their attempts and times
 * are in the job's metadata), the step at the checkpoint has the job's state, steps after it are queued, or
 * skipped when the job failed. A delayed batch that has not started shows every step queued, without attempts, due
 * at its start time; a retry's SCHEDULED state shows its step queued with the attempts made and the retry's due time.
 * A deleted job (by retention or from the dead letters) is unknown.
 */
@Singleton
final class JobRunrStatusQuery implements TaskStatusQuery {
    private final JobRunrStorage storage;
    private final BatchCodec codec;

    JobRunrStatusQuery(JobRunrStorage storage, BatchCodec codec) {
        this.storage = storage;
        this.codec = codec;
    }

    @Override
    public Optional<TaskStatus> find(String taskId) {
        TaskIds.TaskRef ref = TaskIds.parse(taskId);
        return ref == null ? Optional.empty() : statuses(ref.batchId(), ref.index(), ref.index() + 1).stream().findFirst();
    }

    /** One read of the batch's job for all its tasks, where asking for each would read and decode it per task. */
    @Override
    public List<TaskStatus> batch(String batchId) {
        return TaskIds.isBatchId(batchId) ? statuses(batchId, 0, Integer.MAX_VALUE) : List.of();
    }

    /** The statuses of the tasks {@code from} (inclusive) to {@code to} (exclusive) that the batch has. */
    private List<TaskStatus> statuses(String batchId, int from, int to) {
        Optional<Job> found = job(storage, batchId);
        if (found.isEmpty() || !BatchJob.isBatch(found.get()) || found.get().hasState(StateName.DELETED)) {
            return List.of();
        }
        Job job = found.get();
        List<BatchCodec.Step> steps;
        try {
            steps = codec.decode(BatchJob.of(job).orElseThrow(() -> new PoisonTaskException("unreadable job", null)).payload());
        } catch (PoisonTaskException e) {
            return from == 0 ? List.of(new TaskStatus(TaskIds.taskId(batchId, 0), "?", batchId, state(job),
                Progress.failures(job), lastError(job), job.getCreatedAt(), null, finishedAt(job), null)) : List.of();
        }
        List<TaskStatus> statuses = new ArrayList<>();
        for (int i = from; i < Math.min(to, steps.size()); i++) {
            statuses.add(status(TaskIds.taskId(batchId, i), new TaskIds.TaskRef(batchId, i), steps.get(i).name(), job));
        }
        return statuses;
    }

    /** @return the job of a batch, or empty when there is none */
    static Optional<Job> job(JobRunrStorage storage, String batchId) {
        if (!TaskIds.isBatchId(batchId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(storage.provider().getJobById(UUID.fromString(batchId)));
        } catch (JobNotFoundException e) {
            return Optional.empty();
        }
    }

    private static TaskStatus status(String taskId, TaskIds.TaskRef ref, String name, Job job) {
        Instant created = job.getCreatedAt();
        Instant startAt = Delay.pending(job, Instant.now());
        if (startAt != null) {
            // a delayed batch that has not started: every step waits for its start time, the first one included
            return TaskStatus.queued(taskId, name, ref.batchId(), created).delayedUntil(startAt);
        }
        TaskState state = state(job);
        String[][] history = Progress.history(job);
        int k = state == TaskState.SUCCEEDED ? Math.max(Progress.step(job), history.length) : Progress.step(job);
        if (ref.index() < k || state == TaskState.SUCCEEDED) {
            String[] step = ref.index() < history.length ? history[ref.index()] : null;
            Instant end = step != null ? time(step[2]) : finishedAt(job);
            return new TaskStatus(taskId, name, ref.batchId(), TaskState.SUCCEEDED, step != null ? Integer.parseInt(step[0]) : 1,
                null, created, step != null ? time(step[1]) : startedAt(job), end, null);
        }
        if (ref.index() > k) {
            boolean skipped = state == TaskState.FAILED;
            return new TaskStatus(taskId, name, ref.batchId(), skipped ? TaskState.SKIPPED : TaskState.QUEUED, 0, null,
                created, null, skipped ? finishedAt(job) : null, null);
        }
        int failures = Progress.failures(job);
        Instant next = job.getJobState() instanceof ScheduledState scheduled ? scheduled.getScheduledAt() : null;
        return new TaskStatus(taskId, name, ref.batchId(), state, state == TaskState.RUNNING ? failures + 1 : failures,
            lastError(job), created, failures > 0 || state != TaskState.QUEUED ? startedAt(job) : null,
            state.isFinal() ? finishedAt(job) : null, next);
    }

    private static TaskState state(Job job) {
        return switch (job.getState()) {
            case PROCESSING -> TaskState.RUNNING;
            case SUCCEEDED -> TaskState.SUCCEEDED;
            case FAILED -> TaskState.FAILED;
            default -> TaskState.QUEUED;
        };
    }

    private static Instant startedAt(Job job) {
        return job.getLastJobStateOfType(ProcessingState.class).map(ProcessingState::getCreatedAt).orElse(null);
    }

    private static Instant finishedAt(Job job) {
        if (job.getJobState() instanceof SucceededState || job.getJobState() instanceof FailedState) {
            return job.getJobState().getCreatedAt();
        }
        return null;
    }

    static String lastError(Job job) {
        String error = Progress.error(job);
        if (error != null) {
            return error;
        }
        return job.getLastJobStateOfType(FailedState.class)
            .map(f -> f.getExceptionType() + ": " + f.getExceptionMessage()).orElse(null);
    }

    private static Instant time(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
