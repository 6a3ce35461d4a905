package io.bgtasks.inmemory;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;

import java.time.Instant;
import java.util.List;

/**
 * One batch on its way through the runner: which step it is at, so that a shutdown can tell exactly
 * which tasks it drops.
 */
final class BatchRun {
    private final TaskBatch batch;
    /** when the sink took the batch: the first step is ready then, or at the start time of a delayed batch */
    private final Instant submitted = Instant.now();
    private int next;
    private boolean abandoned;

    BatchRun(TaskBatch batch) {
        this.batch = batch;
    }

    TaskBatch batch() {
        return batch;
    }

    /** @return when the first step became ready to run */
    Instant readyAt() {
        Instant start = batch.startAt();
        return start != null && start.isAfter(submitted) ? start : submitted;
    }

    /** @return the step to run now, or null when the batch is done or was abandoned */
    synchronized TaskCall current() {
        return abandoned || next >= batch.calls().size() ? null : batch.calls().get(next);
    }

    /** Marks the current step as settled (succeeded, failed or skipped). */
    synchronized void advance() {
        next++;
    }

    /** @return the steps not yet settled, which the caller reports as dropped; later calls return none */
    synchronized List<TaskCall> abandon() {
        if (abandoned) {
            return List.of();
        }
        abandoned = true;
        return batch.calls().subList(Math.min(next, batch.calls().size()), batch.calls().size());
    }
}
