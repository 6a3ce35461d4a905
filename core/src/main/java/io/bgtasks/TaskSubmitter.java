package io.bgtasks;

import io.bgtasks.internal.TaskCallFactory;
import io.bgtasks.engine.TaskObservers;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Submits background tasks outside an HTTP request (a scheduled job, a message listener, a command),
 * with the same semantics as {@link BackgroundTasks}: the tasks of one submission form one batch, run
 * in order, and a failure skips the rest.
 *
 * <pre>{@code
 * submitter.submit(tasks -> tasks.addTask(ReportTasks::rebuild, day));
 * submitter.submitAll(orders, (order, tasks) -> tasks.addTask(OrderTasks::ship, order.id()));
 * }</pre>
 */
@Singleton
public class TaskSubmitter {
    private final TaskCallFactory factory;
    private final TaskSink sink;
    private final TaskObservers observers;

    TaskSubmitter(TaskCallFactory factory, TaskSink sink, TaskObservers observers) {
        this.factory = factory;
        this.sink = sink;
        this.observers = observers;
    }

    /**
     * Builds a batch and hands it off at once. On a durable backend this returns once the batch is stored.
     *
     * @param tasks adds the tasks, e.g. {@code t -> t.addTask(EmailTasks::send, to)}
     * @return the handles of the added tasks, in order (empty when none was added)
     * @throws NotDurableTaskException when a task cannot be made durable (nothing is submitted then)
     * @throws io.bgtasks.spi.TaskSinkUnavailableException when the backend cannot take the batch
     */
    public List<TaskHandle> submit(Consumer<BackgroundTasks> tasks) {
        return submit(null, tasks);
    }

    /**
     * Like {@link #submit(Consumer)}, idempotent: submitting again with the same key does not run the tasks
     * again while the backend still knows the first submission (see {@link BackgroundTasks#idempotencyKey}).
     *
     * @param idempotencyKey a key unique to the work, or null for none
     * @param tasks          adds the tasks
     * @return the handles of the added tasks, in order; the same ids for the same key
     */
    public List<TaskHandle> submit(String idempotencyKey, Consumer<BackgroundTasks> tasks) {
        BackgroundTasks batchTasks = new BackgroundTasks(factory);
        if (idempotencyKey != null) {
            batchTasks.idempotencyKey(idempotencyKey);
        }
        tasks.accept(batchTasks);
        TaskBatch batch = batchTasks.seal();
        if (batch != null) {
            sink.submit(batch);
            observers.submitted(batch);
        }
        return batchTasks.handles();
    }

    /**
     * Bulk submission: one batch per item, handed off together. On Redis all batches are stored in one round
     * trip, on JobRunr in one transaction, all or none, which is much cheaper than one {@link #submit} per item;
     * the in-memory and inline backends take them one by one. Each batch keeps the semantics of a single
     * submission (its own order, its own skip-after-failure, its idempotency key); batches of different items do
     * not wait for each other.
     *
     * @param items one batch is built per item
     * @param tasks adds the tasks of an item's batch, e.g. {@code (order, t) -> t.addTask(OrderTasks::ship, order)}
     * @param <T>   the item type
     * @return the handles of every added task, batch after batch, each batch's in order
     * @throws NotDurableTaskException when a task cannot be made durable (nothing is submitted then)
     * @throws io.bgtasks.spi.TaskSinkUnavailableException when the backend cannot take the batches
     */
    public <T> List<TaskHandle> submitAll(Collection<? extends T> items, BiConsumer<? super T, BackgroundTasks> tasks) {
        List<TaskBatch> batches = new ArrayList<>(items.size());
        List<TaskHandle> handles = new ArrayList<>(items.size());
        for (T item : items) {
            BackgroundTasks batchTasks = new BackgroundTasks(factory);
            tasks.accept(item, batchTasks);
            TaskBatch batch = batchTasks.seal();
            if (batch != null) {
                batches.add(batch);
                handles.addAll(batchTasks.handles());
            }
        }
        if (!batches.isEmpty()) {
            sink.submitAll(batches);
            batches.forEach(observers::submitted);
        }
        return handles;
    }
}
