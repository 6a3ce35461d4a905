package io.bgtasks;

import io.bgtasks.internal.TaskCallFactory;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.spi.TraceHeaders;
import io.bgtasks.tracing.CurrentTrace;
import io.micronaut.http.HttpRequest;
import io.micronaut.runtime.http.scope.RequestAware;
import io.micronaut.runtime.http.scope.RequestScope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The background tasks of one request: add tasks while handling the request; they run after the
 * response has been sent, in the order added, one after another. If one fails, the rest are skipped; if
 * the handler fails (a 4xx or 5xx response), none runs.
 *
 * <pre>{@code
 * @Post("/send-notification")
 * HttpResponse<?> send(@QueryValue String email, BackgroundTasks tasks) {
 *     tasks.addTask(NotificationTasks::writeLog, email, "some notification");
 *     return HttpResponse.accepted();
 * }
 * }</pre>
 *
 * <p>Take it as a controller argument or inject it into request-scoped beans: it is one object per
 * request, shared by all of them. Tasks are methods of {@link TaskHandler} beans, passed as method
 * references; arguments travel as JSON, so the same code runs on any backend. Outside a request use
 * {@link TaskSubmitter}.
 */
@RequestScope
public class BackgroundTasks implements RequestAware {
    /** Request attribute under which a request's tasks can be found. */
    public static final String REQUEST_ATTRIBUTE = "io.bgtasks.BackgroundTasks";

    private enum State { OPEN, SEALED, DISCARDED }

    private record Entry(TaskHandle handle, TaskCall call) {
    }

    private final TaskCallFactory factory;
    /** drawn when first needed (a task, {@link #batchId()}): a request that adds nothing draws no random bytes */
    private String batchId;
    private Instant startAt;
    /** the trace the first task was added in (see {@link CurrentTrace}), or null */
    private TraceHeaders trace;
    private final List<Entry> entries = new ArrayList<>();
    private State state = State.OPEN;
    /**
     * The request's own instance when this one was created by the request scope after the controller argument
     * binder had already made it (the binder skips the scope, which cost more than the tasks): every call goes
     * there, so that all users of one request share one batch.
     */
    private BackgroundTasks shared;

    BackgroundTasks(TaskCallFactory factory) {
        this.factory = factory;
    }

    @Override
    public void setRequest(HttpRequest<?> request) {
        BackgroundTasks bound = request.getAttribute(REQUEST_ATTRIBUTE, BackgroundTasks.class).orElse(null);
        if (bound != null && bound != this) {
            shared = bound;
        } else {
            request.setAttribute(REQUEST_ATTRIBUTE, this);
        }
    }

    /**
     * Adds a static (or bound) task method without arguments.
     *
     * @param task e.g. {@code Reports::rebuild}
     * @return the task's handle
     */
    public TaskHandle addTask(TaskMethod.Fn0 task) {
        return add(task, new Object[]{}, bean -> task.run());
    }

    /**
     * Adds a static (or bound) task method with one argument.
     *
     * @param task e.g. {@code Reports::rebuild}
     * @param a    the argument
     * @param <A>  argument type
     * @return the task's handle
     */
    public <A> TaskHandle addTask(TaskMethod.Fn1<A> task, A a) {
        return add(task, new Object[]{a}, bean -> task.run(a));
    }

    /**
     * Adds a static (or bound) task method with two arguments.
     *
     * @param task the method reference
     * @param a 1st
     * @param b 2nd
     * @param <A> 1st type
     * @param <B> 2nd type
     * @return the task's handle
     */
    public <A, B> TaskHandle addTask(TaskMethod.Fn2<A, B> task, A a, B b) {
        return add(task, new Object[]{a, b}, bean -> task.run(a, b));
    }

    /**
     * Adds a static (or bound) task method with three arguments.
     *
     * @param task the method reference
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param <A> 1st type
     * @param <B> 2nd type
     * @param <C> 3rd type
     * @return the task's handle
     */
    public <A, B, C> TaskHandle addTask(TaskMethod.Fn3<A, B, C> task, A a, B b, C c) {
        return add(task, new Object[]{a, b, c}, bean -> task.run(a, b, c));
    }

    /**
     * Adds a static (or bound) task method with four arguments.
     *
     * @param task the method reference
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param d 4th
     * @param <A> 1st type
     * @param <B> 2nd type
     * @param <C> 3rd type
     * @param <D> 4th type
     * @return the task's handle
     */
    public <A, B, C, D> TaskHandle addTask(TaskMethod.Fn4<A, B, C, D> task, A a, B b, C c, D d) {
        return add(task, new Object[]{a, b, c, d}, bean -> task.run(a, b, c, d));
    }

    /**
     * Adds an instance method of a task bean without arguments.
     *
     * @param task e.g. {@code CacheTasks::evictAll}
     * @param <T>  the task bean
     * @return the task's handle
     */
    @SuppressWarnings("unchecked")
    public <T> TaskHandle addTask(TaskMethod.OnBean0<T> task) {
        return add(task, new Object[]{}, bean -> task.run((T) bean));
    }

    /**
     * Adds an instance method of a task bean with one argument.
     *
     * @param task e.g. {@code EmailTasks::sendWelcome}
     * @param a the argument
     * @param <T> the task bean
     * @param <A> argument type
     * @return the task's handle
     */
    @SuppressWarnings("unchecked")
    public <T, A> TaskHandle addTask(TaskMethod.OnBean1<T, A> task, A a) {
        return add(task, new Object[]{a}, bean -> task.run((T) bean, a));
    }

    /**
     * Adds an instance method of a task bean with two arguments.
     *
     * @param task e.g. {@code EmailTasks::send}
     * @param a 1st
     * @param b 2nd
     * @param <T> the task bean
     * @param <A> 1st type
     * @param <B> 2nd type
     * @return the task's handle
     */
    @SuppressWarnings("unchecked")
    public <T, A, B> TaskHandle addTask(TaskMethod.OnBean2<T, A, B> task, A a, B b) {
        return add(task, new Object[]{a, b}, bean -> task.run((T) bean, a, b));
    }

    /**
     * Adds an instance method of a task bean with three arguments.
     *
     * @param task the method reference
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param <T> the task bean
     * @param <A> 1st type
     * @param <B> 2nd type
     * @param <C> 3rd type
     * @return the task's handle
     */
    @SuppressWarnings("unchecked")
    public <T, A, B, C> TaskHandle addTask(TaskMethod.OnBean3<T, A, B, C> task, A a, B b, C c) {
        return add(task, new Object[]{a, b, c}, bean -> task.run((T) bean, a, b, c));
    }

    /**
     * Adds an instance method of a task bean with four arguments.
     *
     * @param task the method reference
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param d 4th
     * @param <T> the task bean
     * @param <A> 1st type
     * @param <B> 2nd type
     * @param <C> 3rd type
     * @param <D> 4th type
     * @return the task's handle
     */
    @SuppressWarnings("unchecked")
    public <T, A, B, C, D> TaskHandle addTask(TaskMethod.OnBean4<T, A, B, C, D> task, A a, B b, C c, D d) {
        return add(task, new Object[]{a, b, c, d}, bean -> task.run((T) bean, a, b, c, d));
    }

    /** @return the id of this request's batch; a task's id is this id, a dot and the task's position */
    public synchronized String batchId() {
        if (shared != null) {
            return shared.batchId();
        }
        return ensureBatchId();
    }

    private String ensureBatchId() {
        if (batchId == null) {
            batchId = TaskIds.next();
        }
        return batchId;
    }

    /**
     * Makes this batch idempotent: the batch id (and so every task id) derives from {@code key}, and a
     * backend that already has a batch with that id does not take it again. Use a client's
     * {@code Idempotency-Key} header, an event id, or a job's natural key. Call it before adding tasks.
     *
     * @param key a key unique to the work, stable across retries of the same request
     * @return this
     * @throws IllegalStateException when tasks were already added
     */
    public synchronized BackgroundTasks idempotencyKey(String key) {
        if (shared != null) {
            shared.idempotencyKey(key);
            return this;
        }
        if (!entries.isEmpty() || state != State.OPEN) {
            throw new IllegalStateException("set the idempotency key before adding tasks");
        }
        batchId = TaskIds.fromKey(key);
        return this;
    }

    /**
     * Delays this batch: it is stored at once (on a durable backend a 2xx still means stored) and its first
     * task starts at {@code instant} at the earliest; the tasks still run in order, one after another. An
     * instant in the past starts the batch at once. On the in-memory backend the delay is a timer in this JVM
     * and is lost on restart, like every in-memory task.
     *
     * <pre>{@code
     * tasks.startAt(order.deliveredAt().plus(Duration.ofDays(1)));
     * tasks.addTask(ReviewTasks::askForReview, order.id());
     * }</pre>
     *
     * @param instant when the first task may start
     * @return this
     * @throws IllegalStateException when the batch was already handed off
     */
    public synchronized BackgroundTasks startAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (shared != null) {
            shared.startAt(instant);
            return this;
        }
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot delay the tasks: they were already handed off or discarded");
        }
        startAt = instant;
        return this;
    }

    /**
     * Delays this batch by {@code delay} from now (see {@link #startAt(Instant)}).
     *
     * <pre>{@code
     * tasks.startIn(Duration.ofMinutes(10)).addTask(CartTasks::remindAbandoned, cart.id());
     * }</pre>
     *
     * @param delay how long to wait before the first task starts; zero or negative starts at once
     * @return this
     * @throws IllegalStateException when the batch was already handed off
     */
    public BackgroundTasks startIn(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return startAt(Instant.now().plus(delay));
    }

    /** @return when the first task may start, or null when the batch starts as soon as it can */
    public synchronized Instant startAt() {
        return shared != null ? shared.startAt() : startAt;
    }

    /** @return the handles of the tasks added so far, in order */
    public synchronized List<TaskHandle> handles() {
        if (shared != null) {
            return shared.handles();
        }
        return entries.stream().map(Entry::handle).toList();
    }

    /** @return whether no task was added */
    public synchronized boolean isEmpty() {
        return shared != null ? shared.isEmpty() : entries.isEmpty();
    }

    private synchronized TaskHandle add(TaskMethod task, Object[] args, TaskCallFactory.LocalBody body) {
        if (shared != null) {
            return shared.add(task, args, body);
        }
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot add a task: the tasks of this request were already "
                + (state == State.SEALED ? "handed off (the response has been produced)" : "discarded (the handler failed)")
                + ". Add tasks before the handler returns, or use TaskSubmitter outside a request.");
        }
        String id = TaskIds.taskId(ensureBatchId(), entries.size());
        TaskCall call = factory.create(task, args, body, id);
        if (entries.isEmpty()) {
            // the first task is added by the handler (or the submitting code), where the request's span is current;
            // by the time the batch is sealed, after the response, it may not be any more
            trace = CurrentTrace.capture();
        }
        TaskHandle handle = new TaskHandle(id, call.name(), batchId, null);
        entries.add(new Entry(handle, call));
        return handle;
    }

    /**
     * Closes the list and builds the batch to hand off.
     *
     * @return the batch, or null when no task was added
     */
    synchronized TaskBatch seal() {
        if (state != State.OPEN) {
            return null;
        }
        state = State.SEALED;
        if (entries.isEmpty()) {
            return null;
        }
        List<TaskCall> calls = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            TaskCall c = e.call();
            RetryPolicy perCall = e.handle().retryPolicy();
            calls.add(perCall == null ? c : c.withRetry(perCall));
        }
        return new TaskBatch(batchId, calls, Instant.now(), startAt, trace);
    }

    /**
     * Drops every task: the handler failed.
     *
     * @return how many tasks were dropped
     */
    synchronized int discard() {
        if (state != State.OPEN) {
            return 0;
        }
        state = State.DISCARDED;
        return entries.size();
    }
}
