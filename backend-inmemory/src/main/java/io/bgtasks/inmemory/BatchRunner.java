package io.bgtasks.inmemory;

import io.bgtasks.RetryPolicy;
import io.bgtasks.engine.BatchExecutor;
import io.bgtasks.engine.BatchResult;
import io.bgtasks.engine.BatchStore;
import io.bgtasks.engine.Delivery;
import io.bgtasks.engine.Step;
import io.bgtasks.engine.TaskObservers;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.engine.TaskInvoker;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs a batch on core's {@link BatchExecutor}, the way Starlette does: steps in order, one after another; the first
 * failure is logged (task id, name, stack) and the remaining steps are skipped. A step retries only when its policy
 * asks for it, in place: its virtual thread sleeps until the retry is due. Statuses live in memory.
 */
@Singleton
@Requires(condition = InMemoryBackend.class)
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.inmemory");

    private final TaskInvoker invoker;
    private final InMemoryStatusStore statuses;
    private final TaskObservers observers;
    private final InMemoryFinishedTasks finished;

    BatchRunner(TaskInvoker invoker, InMemoryStatusStore statuses, TaskObservers observers, InMemoryFinishedTasks finished) {
        this.invoker = invoker;
        this.statuses = statuses;
        this.finished = finished;
        this.observers = observers;
    }

    /**
     * Runs the batch to its end.
     *
     * @throws InterruptedException when interrupted (shutdown): the run stops, its unsettled steps are left
     *                              for the caller to report as dropped
     */
    void run(BatchRun run, BooleanSupplier aborted) throws InterruptedException {
        List<TaskCall> calls = run.batch().calls();
        Step[] steps = new Step[calls.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = step(calls.get(i));
        }
        BatchResult result = BatchExecutor.run(run.batch().id(), Arrays.asList(steps), 0, 1, new Delivery(run.readyAt(), run.batch().trace()),
            new Statuses(run, aborted), observers);
        if (result.outcome() == BatchResult.Outcome.LOST) {
            throw new InterruptedException("shutdown");
        }
    }

    private Step step(TaskCall call) {
        return new Step() {
            @Override
            public String taskId() {
                return call.id();
            }

            @Override
            public String name() {
                return call.name();
            }

            @Override
            public RetryPolicy policy() {
                // as in FastAPI: no retry unless the task asks for one
                return call.retryOr(RetryPolicy.NONE);
            }

            @Override
            public void invoke() throws Exception {
                invoker.invoke(call);
            }
        };
    }

    /** The in-memory port: statuses in this JVM; a retry waits in place; a failure skips the rest. */
    private final class Statuses implements BatchStore {
        private final BatchRun run;
        private final BooleanSupplier aborted;
        /** false: no status records for this batch (keep-statuses off, no idempotency key), so no updates either */
        private final boolean keep;

        Statuses(BatchRun run, BooleanSupplier aborted) {
            this.run = run;
            this.aborted = aborted;
            this.keep = statuses.keeps(run.batch());
        }

        /** Changes a task's status record, if this batch keeps them. */
        private void status(int index, UnaryOperator<TaskStatus> change) {
            if (keep) {
                statuses.update(id(index), change);
            }
        }

        private String id(int index) {
            return run.batch().calls().get(index).id();
        }

        @Override
        public String backend() {
            return "inmemory";
        }

        @Override
        public void starting(int index, int attempt) throws InterruptedException {
            if (aborted.getAsBoolean()) {
                // past the shutdown timeout no task starts, even one whose slot was just freed
                throw new InterruptedException("shutdown");
            }
            status(index, s -> s.running(Instant.now()));
        }

        @Override
        public boolean checkpoint(int index, int attempt, Instant started, Instant ended) {
            completed(index, attempt, started, ended);
            return true;
        }

        @Override
        public void completed(int index, int attempt, Instant started, Instant ended) {
            status(index, s -> s.finished(TaskState.SUCCEEDED, null, ended));
            run.advance();
            if (keep && index == run.batch().calls().size() - 1) {
                finished.finished(run.batch(), -1, null, ended);
            }
        }

        @Override
        public Retry retry(int index, int attempt, String reason, Instant due) {
            status(index, s -> s.retrying(reason, due));
            return Retry.IN_PLACE;
        }

        @Override
        public boolean deadLetter(int index, String reason) {
            Instant now = Instant.now();
            status(index, s -> s.finished(TaskState.FAILED, reason, now));
            run.advance();
            for (int i = index + 1; i < run.batch().calls().size(); i++) {
                status(i, s -> s.finished(TaskState.SKIPPED, null, now));
                run.advance();
            }
            if (keep) {
                finished.finished(run.batch(), index, reason, now);
            }
            return true;
        }

        @Override
        public boolean keepsDeadLetters() {
            return false;
        }

        @Override
        public void handBack(int index) {
            // nothing to hand back to: the caller reports the unsettled steps as dropped
        }
    }

    /** Marks the steps a shutdown gave up on as dropped and logs each by id. */
    void reportDropped(BatchRun run, String reason) {
        for (TaskCall call : run.abandon()) {
            statuses.update(call.id(), s -> s.finished(TaskState.DROPPED, reason, Instant.now()));
            LOG.warn("dropped background task {} [{}] of batch {}: {}", call.name(), call.id(), run.batch().id(), reason);
            observers.dropped("inmemory", run.batch().id(), call.id(), call.name(), reason);
        }
    }
}
