package io.bgtasks.contract;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.BackgroundWork;
import io.bgtasks.Schedules;
import io.bgtasks.schedule.RecurringScheduler;
import io.bgtasks.schedule.ScheduleInfo;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.spi.TaskSink;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.bgtasks.paging.InvalidCursorException;
import io.bgtasks.paging.KeysetPage;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every backend owes its users, checked against the backend's real storage and worker threads, in the
 * manner of JobRunr's {@code StorageProviderTest}: a backend module's test extends this class (or
 * {@link DurableBackendContract}) and says only how to reach its storage ({@link #backend}).
 *
 * <p>The contract: the steps of a batch run in order, one after another, and concurrent batches all run; the first
 * step that fails for good stops its batch, the steps after it are SKIPPED and never run; a step with a retry policy
 * is tried again no sooner than the policy allows, and its batch resumes at that step without running the earlier
 * ones again; a batch submitted twice under one idempotency key runs once; a task this worker does not know fails
 * without retry and the worker goes on; {@link TaskStatusQuery} shows each step's state; and
 * {@link BackgroundWork#awaitIdle} answers true only once the work is done.
 *
 * <p>All tests share one context, started once on a fresh namespace of the storage; each test keeps apart by its
 * own {@link Journal} key and asserts only on its own batches, so the tests may run at the same time: mostly they wait
 * for a worker's poll, and JobRunr's takes 5 s. They do when the module enables JUnit's parallel execution
 * ({@code junit.jupiter.execution.parallel.enabled=true} in its {@code junit-platform.properties}). Retries use fast
 * delays ({@code bgtasks.retry.*} of 50 to 200 ms).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
public abstract class BackendContract {
    /** How long any one test waits for its work at most: generous, for a loaded CI machine and JobRunr's poll. */
    protected static final Duration WAIT = Duration.ofSeconds(60);

    private final List<ApplicationContext> started = new ArrayList<>();
    /** The context the tests share. */
    protected ApplicationContext context;

    /**
     * The properties that put a context on this backend and on a part of its storage that no other context of this
     * run uses, e.g. a Redis key prefix, an H2 file or a table prefix derived from {@code namespace}. Contexts given
     * the same namespace share the storage (a restart, a second worker).
     *
     * @param namespace a short name, letters and digits, fresh per call site
     * @return at least {@code bgtasks.backend} and the storage's address
     */
    protected abstract Map<String, Object> backend(String namespace);

    /**
     * The longest a worker may take to notice that a retry is due or a batch is queued, beyond the due time itself:
     * its poll interval and some slack.
     */
    protected Duration pickUpDelay() {
        return Duration.ofSeconds(3);
    }

    /** Stops what {@link #backend} started (a container), after every context of the test class closed. */
    protected void closeStorage() {
    }

    @BeforeAll
    void startShared() {
        context = start(namespace(), Map.of());
    }

    @AfterAll
    void closeAll() {
        try {
            for (ApplicationContext c : started.reversed()) {
                if (c.isRunning()) {
                    c.close();
                }
            }
        } finally {
            closeStorage();
        }
    }

    /** @return a fresh namespace for {@link #backend} */
    protected static String namespace() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /**
     * Starts a context on the backend; the test class closes it at the end unless the test did.
     *
     * @param namespace where in the storage (see {@link #backend})
     * @param extra     properties that win over the kit's
     */
    protected ApplicationContext start(String namespace, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bgtasks.retry.max-attempts", "3");
        properties.put("bgtasks.retry.initial-delay", "50ms");
        properties.put("bgtasks.retry.max-delay", "200ms");
        properties.putAll(backend(namespace));
        properties.putAll(extra);
        ApplicationContext c = ApplicationContext.builder().properties(properties).start();
        started.add(c);
        return c;
    }

    protected static String key() {
        return "k-" + UUID.randomUUID();
    }

    protected List<TaskHandle> submit(Consumer<BackgroundTasks> tasks) {
        return context.getBean(TaskSubmitter.class).submit(tasks);
    }

    protected void awaitIdle() throws InterruptedException {
        assertTrue(context.getBean(BackgroundWork.class).awaitIdle(WAIT), "still busy after " + WAIT);
    }

    protected TaskStatus status(ApplicationContext in, TaskHandle task) {
        return in.getBean(TaskStatusQuery.class).find(task.id())
            .orElseThrow(() -> new AssertionError("no status for " + task));
    }

    protected TaskStatus status(TaskHandle task) {
        return status(context, task);
    }

    protected TaskStatus awaitState(TaskHandle task, TaskState state) throws InterruptedException {
        return awaitState(context, task, state);
    }

    /** Waits until the task's state in {@code in} is {@code state}; fails with the last status seen. */
    protected TaskStatus awaitState(ApplicationContext in, TaskHandle task, TaskState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TaskStatus seen = null;
        while (System.nanoTime() < deadline) {
            seen = in.getBean(TaskStatusQuery.class).find(task.id()).orElse(null);
            if (seen != null && seen.state() == state) {
                return seen;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(task + " never became " + state + "; last seen " + seen);
    }

    @Test
    void observersHearEveryOutcomeWithTheTaskInTheLoggingContext() throws Exception {
        String key = key();
        String batch = submit(t -> {
            t.addTask(ContractTasks::observed, key, "a");
            t.addTask(ContractTasks::observedFail, key, "b");
            t.addTask(ContractTasks::observed, key, "c");
        }).get(0).batchId();
        Journal.await(key, WAIT, labels -> labels.contains("b!"));
        ContractEvents events = context.getBean(ContractEvents.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.failed(batch).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        List<String> labels = Journal.labels(key);
        assertEquals("a@" + TaskIds.taskId(batch, 0) + "@" + batch, labels.get(0), "the MDC names the running task and batch");
        var failed = events.failed(batch);
        assertEquals(1, failed.size(), "one TaskFailedEvent: " + failed);
        var event = failed.get(0);
        assertEquals(TaskIds.taskId(batch, 1), event.taskId());
        assertEquals(ContractTasks.class.getName() + "#observedFail", event.taskName());
        assertEquals(1, event.attempts());
        assertEquals(1, event.skipped(), "the step after it is skipped");
        assertTrue(event.reason().contains("fails on purpose"), event.reason());

        MeterRegistry meters = context.getBean(MeterRegistry.class);
        String observed = ContractTasks.class.getName() + "#observed";
        String observedFail = ContractTasks.class.getName() + "#observedFail";
        String finalOutcome = event.deadLettered() ? "dead_lettered" : "failed";
        assertEquals(2.0, count(meters, observed, "submitted"), "a and c were handed to the backend");
        assertEquals(1.0, count(meters, observedFail, "submitted"));
        assertEquals(1.0, count(meters, observed, "started"));
        assertEquals(1.0, count(meters, observed, "succeeded"));
        assertEquals(1.0, count(meters, observedFail, "started"));
        assertEquals(1.0, count(meters, observedFail, finalOutcome));
        assertEquals(1.0, count(meters, observedFail, "skipped"));
        assertEquals(1L, meters.get("bgtasks.task.duration").tag("task", observed).tag("outcome", "succeeded").timer().count());
        assertEquals(1L, meters.get("bgtasks.task.queue.wait").tag("task", observed).timer().count(), "one attempt of a waited");
        assertEquals(1L, meters.get("bgtasks.task.queue.wait").tag("task", observedFail).timer().count());
    }

    private static double count(MeterRegistry meters, String task, String outcome) {
        var counter = meters.find("bgtasks.tasks").tag("task", task).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aDelayedBatchWaitsInTheQueueOnlyFromItsStartTime() throws Exception {
        String key = key();
        Duration delay = Duration.ofMillis(1500);
        Instant startAt = Instant.now().plus(delay);
        submit(t -> t.startAt(startAt).addTask(ContractTasks::waited, key, "w"));
        Journal.await(key, WAIT, l -> l.contains("w"));
        long late = Journal.entries(key).get(0).at() - startAt.toEpochMilli();

        String task = ContractTasks.class.getName() + "#waited";
        Timer wait = awaitTimer(context.getBean(MeterRegistry.class), task);
        assertEquals(1L, wait.count(), "one attempt");
        long waited = (long) wait.totalTime(TimeUnit.MILLISECONDS);
        // the delay was asked for, not waited in a queue: only how late the worker took it up counts (JobRunr's poll
        // can make that seconds); counted from the submission, the wait would be that plus the delay
        assertTrue(Math.abs(waited - late) <= 250, "queue wait " + waited + " ms, but the task started " + late
            + " ms after its start time (delay " + delay.toMillis() + " ms)");
    }

    @Test
    void aRetryWaitsInTheQueueOnlyFromItsDueTime() throws Exception {
        String key = key();
        TaskHandle task = submit(t -> t.addTask(ContractTasks::failOnceSlowly, key, "s")).get(0);
        Journal.await(key, WAIT, l -> l.contains("s"));
        List<Journal.Entry> entries = Journal.entries(key);
        long late = entries.get(1).at() - entries.get(0).at() - ContractTasks.SLOW_RETRY_MILLIS;

        Duration retried = context.getBean(ContractWaits.class).of(task.id(), 2);
        assertNotNull(retried, "the second attempt's wait");
        // its retry delay is the policy's, not a wait for a worker: only how late the worker took it up counts;
        // counted from the first attempt or the submission, the wait would be that plus the delay
        assertTrue(Math.abs(retried.toMillis() - late) <= 250, "queue wait " + retried.toMillis() + " ms, but the retry "
            + "started " + late + " ms after its due time (delay " + ContractTasks.SLOW_RETRY_MILLIS + " ms)");
    }

    /** Waits for the queue-wait timer of {@code task}: the task writes its journal just after the timer is recorded. */
    private static Timer awaitTimer(MeterRegistry meters, String task) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Timer timer;
        while ((timer = meters.find("bgtasks.task.queue.wait").tag("task", task).timer()) == null
            && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertNotNull(timer, "no bgtasks.task.queue.wait timer for " + task);
        return timer;
    }

    @Test
    void eachStepRunsInASpanThatIsAChildOfTheSubmittersSpan() throws Exception {
        String key = key();
        Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("contract");
        Span request = tracer.spanBuilder("request").setSpanKind(SpanKind.SERVER).startSpan();
        String batch;
        try (Scope ignored = request.makeCurrent()) {
            batch = submit(t -> {
                t.addTask(ContractTasks::record, key, "a");
                t.addTask(ContractTasks::record, key, "b");
            }).get(0).batchId();
        } finally {
            request.end();
        }
        Journal.await(key, WAIT, l -> l.contains("b"));

        List<SpanData> spans = ContractSpans.await(context, batch, 2, WAIT);
        assertEquals(2, spans.size(), spans.toString());
        for (int i = 0; i < 2; i++) {
            SpanData span = spans.get(i);
            assertEquals("bgtasks " + ContractTasks.class.getName() + "#record", span.getName());
            assertEquals(SpanKind.CONSUMER, span.getKind());
            assertEquals(request.getSpanContext().getTraceId(), span.getTraceId(), "step " + i + " continues the trace");
            assertEquals(request.getSpanContext().getSpanId(), span.getParentSpanId(), "step " + i + "'s parent");
            assertEquals(TaskIds.taskId(batch, i), span.getAttributes().get(ContractSpans.TASK_ID));
            assertEquals(1L, span.getAttributes().get(ContractSpans.ATTEMPT));
            assertNotNull(span.getAttributes().get(ContractSpans.BACKEND));
        }
    }

    @Test
    void aRetryRunsInATraceOfItsOwnLinkedToTheSubmittersSpan() throws Exception {
        String key = key();
        Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("contract");
        Span request = tracer.spanBuilder("request").setSpanKind(SpanKind.SERVER).startSpan();
        String batch;
        try (Scope ignored = request.makeCurrent()) {
            batch = submit(t -> t.addTask(ContractTasks::flaky, key, "f", 1)).get(0).batchId();
        } finally {
            request.end();
        }
        Journal.await(key, WAIT, l -> l.contains("f"));

        List<SpanData> spans = ContractSpans.await(context, batch, 2, WAIT);
        SpanData first = spans.get(0);
        SpanData retry = spans.get(1);
        assertEquals(1L, first.getAttributes().get(ContractSpans.ATTEMPT));
        assertEquals(request.getSpanContext().getSpanId(), first.getParentSpanId(), "the first attempt is a child");
        assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode(), "the failed attempt: " + first);
        assertTrue(first.getEvents().stream().anyMatch(e -> e.getName().equals("exception")), "its exception is recorded");

        assertEquals(2L, retry.getAttributes().get(ContractSpans.ATTEMPT));
        assertNotEquals(request.getSpanContext().getTraceId(), retry.getTraceId(), "the retry is a trace of its own");
        assertFalse(retry.getParentSpanContext().isValid(), "the retry has no parent: " + retry);
        assertEquals(List.of(request.getSpanContext().getSpanId()),
            retry.getLinks().stream().map(l -> l.getSpanContext().getSpanId()).toList(), "linked to the request's span");
        assertEquals(request.getSpanContext().getTraceId(), retry.getLinks().get(0).getSpanContext().getTraceId());
        assertEquals(StatusCode.UNSET, retry.getStatus().getStatusCode());
    }

    @Test
    void theStepsOfABatchRunInOrderOneAfterAnother() throws Exception {
        String key = key();
        submit(t -> {
            t.addTask(ContractTasks::sleep, key, "a", 150L);
            t.addTask(ContractTasks::record, key, "b");
            t.addTask(ContractTasks::sleep, key, "c", 50L);
            t.addTask(ContractTasks::record, key, "d");
        });
        // the journal is written in time order: "a" ends before "b" runs, and so on
        assertEquals(List.of("a:start", "a", "b", "c:start", "c", "d"), Journal.await(key, WAIT, l -> l.contains("d")));
    }

    @Test
    void batchesSubmittedConcurrentlyAllRun() throws Exception {
        int batches = 12;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            keys.add(key());
        }
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService submitters = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (String key : keys) {
                done.add(submitters.submit(() -> {
                    go.await();
                    return submit(t -> {
                        t.addTask(ContractTasks::record, key, "1");
                        t.addTask(ContractTasks::record, key, "2");
                        t.addTask(ContractTasks::record, key, "3");
                    });
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        for (String key : keys) {
            assertEquals(List.of("1", "2", "3"), Journal.await(key, WAIT, l -> l.size() >= 3));
        }
        awaitIdle();
        for (String key : keys) {
            assertEquals(List.of("1", "2", "3"), Journal.labels(key), "each batch ran once");
        }
    }

    @Test
    void finishedBatchesAreListedNewestFirstByOutcomeAndPagedOnceEachWhileMoreFinish() throws Exception {
        // a storage of its own: the listing holds only this test's batches
        ApplicationContext own = start(namespace(), Map.of());
        TaskSubmitter submitter = own.getBean(TaskSubmitter.class);
        String key = key();
        List<TaskHandle> ok = new ArrayList<>();
        List<TaskHandle> failed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int n = i;
            ok.addAll(submitter.submit(t -> {
                t.addTask(ContractTasks::record, key, "ok" + n + "a");
                t.addTask(ContractTasks::record, key, "ok" + n + "b");
            }));
        }
        for (int i = 0; i < 3; i++) {
            int n = i;
            failed.addAll(submitter.submit(t -> t.addTask(ContractTasks::fail, key, "no" + n)));
        }
        for (TaskHandle task : ok) {
            awaitState(own, task, TaskState.SUCCEEDED);
        }
        for (TaskHandle task : failed) {
            awaitState(own, task, TaskState.FAILED);
        }
        FinishedTasks finished = own.getBean(FinishedTasks.class);
        assertTrue(finished.listable());
        Set<String> okBatches = new HashSet<>(ok.stream().map(TaskHandle::batchId).toList());
        Set<String> failedBatches = new HashSet<>(failed.stream().map(TaskHandle::batchId).toList());

        KeysetPage<FinishedBatch> one = finished.recent(FinishedTasks.Outcome.ALL, null, 100);
        assertNull(one.next(), "everything fits on one page");
        assertEquals(10, one.items().size(), one.toString());
        for (FinishedBatch batch : one.items()) {
            boolean isOk = okBatches.contains(batch.batchId());
            assertTrue(isOk || failedBatches.contains(batch.batchId()), batch.toString());
            assertEquals(isOk ? FinishedTasks.Outcome.SUCCEEDED : FinishedTasks.Outcome.FAILED, batch.outcome());
            if (isOk) {
                assertEquals(List.of(batch.batchId() + ".0", batch.batchId() + ".1"), batch.taskIds());
                assertTrue(batch.taskNames().stream().allMatch(n -> n.endsWith("#record")), batch.toString());
            } else {
                assertEquals(batch.batchId() + ".0", batch.failedTaskId(), batch.toString());
                assertTrue(batch.error() != null && batch.error().contains("fails on purpose"), batch.toString());
            }
        }
        assertEquals(okBatches, new HashSet<>(walk(finished, FinishedTasks.Outcome.SUCCEEDED, 2, () -> { })));
        assertEquals(failedBatches, new HashSet<>(walk(finished, FinishedTasks.Outcome.FAILED, 2, () -> { })));

        // more batches finish between the pages: they are newer than the first page, so the walk that started
        // before them neither shows them nor repeats or loses an older one
        List<TaskHandle> later = new ArrayList<>();
        List<String> all = walk(finished, FinishedTasks.Outcome.ALL, 3, () -> {
            TaskHandle task = submitter.submit(t -> t.addTask(ContractTasks::record, key, "later")).get(0);
            later.add(task);
            try {
                awaitState(own, task, TaskState.SUCCEEDED);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Set<String> expected = new HashSet<>(okBatches);
        expected.addAll(failedBatches);
        assertEquals(expected, new HashSet<>(all), "every batch once: " + all);
        assertEquals(one.items().stream().map(FinishedBatch::batchId).toList(), all, "the pages in the order of one page");
        assertEquals(later.getLast().batchId(), finished.recent(FinishedTasks.Outcome.ALL, null, 1).items().get(0).batchId(),
            "a new first page starts with the newest");

        for (String bad : List.of("not a cursor!", "bm90IGEgY3Vyc29y", "MjAyNi0wMS0wMVQwMDowMDowMFo=x")) {
            InvalidCursorException e = assertThrows(InvalidCursorException.class,
                () -> finished.recent(FinishedTasks.Outcome.ALL, bad, 10), bad);
            assertFalse(e.getMessage().contains(bad), "the message does not echo what was sent: " + e.getMessage());
        }
    }

    private static List<String> walk(FinishedTasks finished, FinishedTasks.Outcome outcome, int limit, Runnable between) {
        return KeysetWalk.all(after -> finished.recent(outcome, after, limit), FinishedBatch::position,
            FinishedBatch::batchId, between);
    }

    @Test
    void theFirstFailureSkipsTheRestOfTheBatch() throws Exception {
        String key = key();
        List<TaskHandle> tasks = submit(t -> {
            t.addTask(ContractTasks::record, key, "a");
            t.addTask(ContractTasks::fail, key, "b");
            t.addTask(ContractTasks::record, key, "c");
            t.addTask(ContractTasks::record, key, "d");
        });
        TaskStatus failed = awaitState(tasks.get(1), TaskState.FAILED);
        awaitIdle();
        assertEquals(List.of("a", "b!"), Journal.labels(key), "nothing after the failed step ran");
        assertEquals(TaskState.SUCCEEDED, status(tasks.get(0)).state());
        assertEquals(1, failed.attempts(), failed.toString());
        assertTrue(failed.lastError() != null && failed.lastError().contains("step b fails on purpose"), failed.toString());
        for (TaskHandle skipped : tasks.subList(2, 4)) {
            TaskStatus s = status(skipped);
            assertEquals(TaskState.SKIPPED, s.state(), s.toString());
            assertEquals(0, s.attempts(), s.toString());
        }
        // the whole batch in one read says what each task's own read says
        TaskStatusQuery query = context.getBean(TaskStatusQuery.class);
        List<TaskStatus> each = tasks.stream().map(t -> query.find(t.id()).orElseThrow()).toList();
        assertEquals(each, query.batch(tasks.get(0).batchId()));
        assertEquals(List.of(), query.batch(java.util.UUID.randomUUID().toString()), "an unknown batch");
        assertEquals(List.of(), query.batch("not a batch id"));
    }

    @Test
    void aRetriedStepResumesTheBatchWithoutRunningEarlierStepsAgain() throws Exception {
        String key = key();
        List<TaskHandle> tasks = submit(t -> {
            t.addTask(ContractTasks::record, key, "a");
            t.addTask(ContractTasks::flaky, key, "b", 2);
            t.addTask(ContractTasks::record, key, "c");
        });
        assertEquals(List.of("a", "b!", "b!", "b", "c"), Journal.await(key, WAIT, l -> l.contains("c")));
        TaskStatus retried = awaitState(tasks.get(1), TaskState.SUCCEEDED);
        assertEquals(3, retried.attempts(), retried.toString());
        awaitState(tasks.get(2), TaskState.SUCCEEDED);

        // the delays the policy allows: 300 ms with 50 % jitter is 150 to 450 ms, plus the worker's pick-up
        List<Journal.Entry> entries = Journal.entries(key);
        long least = (long) (ContractTasks.FLAKY_DELAY_MILLIS * (1 - ContractTasks.FLAKY_JITTER));
        long most = (long) (ContractTasks.FLAKY_DELAY_MILLIS * (1 + ContractTasks.FLAKY_JITTER)) + pickUpDelay().toMillis();
        for (int i = 1; i <= 2; i++) {
            long gap = entries.get(i + 1).at() - entries.get(i).at();
            assertTrue(gap >= least, "retry " + i + " came " + gap + " ms after the failure, sooner than " + least + " ms");
            assertTrue(gap < most, "retry " + i + " came " + gap + " ms after the failure, later than " + most + " ms");
        }
    }

    @Test
    void aDelayedBatchIsKnownAtOnceAndItsStepsRunInOrderFromItsStartTime() throws Exception {
        String key = key();
        Instant startAt = Instant.now().plusMillis(1500);
        // tag::start-at[]
        List<TaskHandle> tasks = submit(t -> {
            t.startAt(startAt);
            t.addTask(ContractTasks::sleep, key, "a", 100L);
            t.addTask(ContractTasks::record, key, "b");
        });
        // end::start-at[]
        for (TaskHandle task : tasks) {
            TaskStatus waiting = status(task);
            assertEquals(TaskState.QUEUED, waiting.state(), waiting.toString());
            assertEquals(0, waiting.attempts(), waiting.toString());
            assertNotNull(waiting.nextAttemptAt(), "a delayed task shows when it starts: " + waiting);
            assertTrue(Math.abs(waiting.nextAttemptAt().toEpochMilli() - startAt.toEpochMilli()) <= 1,
                "start time " + startAt + ", status " + waiting);
        }
        assertEquals(List.of("a:start", "a", "b"), Journal.await(key, WAIT, l -> l.contains("b")));
        long started = Journal.entries(key).get(0).at();
        assertTrue(started >= startAt.toEpochMilli(), "started " + (startAt.toEpochMilli() - started) + " ms early");
        assertTrue(started < startAt.toEpochMilli() + pickUpDelay().toMillis(),
            "started " + (started - startAt.toEpochMilli()) + " ms after its start time");
        TaskStatus done = awaitState(tasks.get(1), TaskState.SUCCEEDED);
        assertEquals(1, done.attempts(), done.toString());
    }

    @Test
    void aStartTimeInThePastStartsTheBatchAtOnce() throws Exception {
        String key = key();
        submit(t -> t.startAt(Instant.now().minusSeconds(3600)).addTask(ContractTasks::record, key, "late"));
        assertEquals(List.of("late"), Journal.await(key, WAIT, l -> l.contains("late")));
    }

    @Test
    void aDelayedBatchWithAKnownIdempotencyKeyIsNotStoredTwice() throws Exception {
        String key = key();
        TaskSubmitter submitter = context.getBean(TaskSubmitter.class);
        Consumer<BackgroundTasks> later = t -> t.startIn(Duration.ofMillis(800)).addTask(ContractTasks::record, key, "once");
        String idempotency = "delayed-" + key;
        assertEquals(submitter.submit(idempotency, later).get(0).id(), submitter.submit(idempotency, later).get(0).id());
        Journal.await(key, WAIT, l -> l.contains("once"));
        awaitIdle();
        assertEquals(List.of("once"), Journal.labels(key));
    }

    @Test
    void theScheduleLedgerOnlyMovesForward() {
        ScheduleLedger ledger = context.getBean(ScheduleLedger.class);
        String schedule = "contract-" + key();
        assertEquals(Optional.empty(), ledger.lastFired(schedule));
        Instant tick = Instant.parse("2026-11-30T10:15:30.250Z");
        ledger.fired(schedule, tick);
        assertEquals(Optional.of(tick), ledger.lastFired(schedule));
        ledger.fired(schedule, tick.minusSeconds(60));
        assertEquals(Optional.of(tick), ledger.lastFired(schedule), "an older tick does not move it back");
        ledger.fired(schedule, tick.plusSeconds(1));
        assertEquals(Optional.of(tick.plusSeconds(1)), ledger.lastFired(schedule));
        assertEquals(Optional.empty(), ledger.lastFired("other-" + schedule), "schedules are apart");
    }

    @Test
    void aRecurringScheduleFiresEachTickOnceUnderTheTicksId() throws Exception {
        String key = key();
        String name = "every-second-" + key;
        Schedules schedules = context.getBean(Schedules.class);
        // tag::schedules-register[]
        schedules.register(name, "* * * * * *", ZoneId.of("UTC"), t -> t.addTask(ContractTasks::recordBatch, key));
        // end::schedules-register[]
        Instant registered = Instant.now();
        try {
            Journal.await(key, WAIT, l -> l.size() >= 3);
            ScheduleInfo listed = schedules.list().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
            assertEquals("* * * * * *", listed.cron(), listed.toString());
            assertNotNull(listed.lastFired(), listed.toString());
            assertTrue(listed.nextFire() != null && listed.nextFire().isAfter(listed.lastFired()), listed.toString());
        } finally {
            assertTrue(schedules.remove(name));
        }
        Instant removed = Instant.now();
        awaitIdle();
        Thread.sleep(1500);
        awaitIdle();
        List<String> batches = Journal.labels(key);
        assertEquals(batches.size(), Set.copyOf(batches).size(), "a tick ran twice: " + batches);
        Set<String> expected = tickBatchIds(name, registered, removed);
        assertTrue(expected.containsAll(batches), "every batch is a tick's: " + batches + " not all in " + expected);
        assertTrue(batches.size() >= expected.size() - 2, "ticks " + expected.size() + ", ran " + batches.size());
    }

    /** The batch ids of the whole-second ticks of {@code schedule} in (from, to]. */
    protected static Set<String> tickBatchIds(String schedule, Instant from, Instant to) {
        Set<String> ids = new HashSet<>();
        for (Instant t = from.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1); !t.isAfter(to); t = t.plusSeconds(1)) {
            ids.add(TaskIds.fromKey(RecurringScheduler.idempotencyKey(schedule, t)));
        }
        return ids;
    }

    @Test
    void theBacklogGaugesCountADelayedBatch() throws Exception {
        ApplicationContext own = start(namespace(), Map.of());
        MeterRegistry meters = own.getBean(MeterRegistry.class);
        var delayed = meters.find("bgtasks.backlog").tag("state", "delayed").gauge();
        assertNotNull(delayed, "a bgtasks.backlog gauge for delayed batches: " + meters.getMeters().stream()
            .map(m -> m.getId().getName() + m.getId().getTags()).toList());
        assertNotNull(meters.find("bgtasks.backlog").tag("state", "queued").gauge());
        assertNotNull(meters.find("bgtasks.backlog").tag("state", "running").gauge());
        own.getBean(TaskSubmitter.class).submit(t -> t.startIn(Duration.ofMinutes(10)).addTask(ContractTasks::record, key(), "later"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (delayed.value() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(200); // one reading serves for a few seconds
        }
        assertEquals(1.0, delayed.value(), "the delayed batch is counted");
        own.close();
    }

    @Test
    void theSameIdempotencyKeyRunsOnce() throws Exception {
        String key = key();
        String idempotency = "contract-" + key;
        TaskSubmitter submitter = context.getBean(TaskSubmitter.class);
        Consumer<BackgroundTasks> once = t -> t.addTask(ContractTasks::record, key, "once");
        String first = submitter.submit(idempotency, once).get(0).batchId();
        String second = submitter.submit(idempotency, once).get(0).batchId();
        assertEquals(first, second, "one key, one batch id");
        Journal.await(key, WAIT, l -> l.contains("once"));
        awaitIdle();
        submitter.submit(idempotency, once); // after it ran, while the backend still knows it
        awaitIdle();
        assertEquals(List.of("once"), Journal.labels(key));
    }

    @Test
    void statusesFollowEachStep() throws Exception {
        String key = key();
        List<TaskHandle> tasks = submit(t -> {
            t.addTask(ContractTasks::sleep, key, "a", 1500L);
            t.addTask(ContractTasks::fail, key, "b");
            t.addTask(ContractTasks::record, key, "c");
        });
        TaskStatus queued = status(tasks.get(1));
        assertEquals(TaskState.QUEUED, queued.state(), "known and queued once submitted: " + queued);
        assertEquals(tasks.get(0).batchId(), queued.batchId());
        assertEquals(tasks.get(1).name(), queued.name());

        Journal.await(key, WAIT, l -> l.contains("a:start"));
        TaskStatus running = status(tasks.get(0));
        assertEquals(TaskState.RUNNING, running.state(), running.toString());
        assertEquals(1, running.attempts(), running.toString());
        assertNotNull(running.startedAt(), running.toString());
        assertEquals(TaskState.QUEUED, status(tasks.get(1)).state(), "waits for the step before it");

        awaitState(tasks.get(1), TaskState.FAILED);
        TaskStatus done = awaitState(tasks.get(0), TaskState.SUCCEEDED);
        assertNotNull(done.finishedAt(), done.toString());
        assertEquals(TaskState.SKIPPED, status(tasks.get(2)).state());
        assertFalse(Journal.labels(key).contains("c"));
    }

    @Test
    void awaitIdleAnswersTrueOnlyOnceTheWorkIsDone() throws Exception {
        String key = key();
        submit(t -> {
            t.addTask(ContractTasks::sleep, key, "a", 1000L);
            t.addTask(ContractTasks::record, key, "b");
        });
        BackgroundWork work = context.getBean(BackgroundWork.class);
        assertFalse(work.awaitIdle(Duration.ofMillis(100)), "a second of work is not done in 100 ms");
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("a:start", "a", "b"), Journal.labels(key), "idle means done");
    }

    @Test
    void aTaskThisWorkerDoesNotKnowFailsWithoutRetryAndLaterBatchesRun() throws Exception {
        String batch = poisonThenAGoodBatch();
        TaskStatus unknown = context.getBean(TaskStatusQuery.class).find(batch + ".0").orElseThrow();
        assertEquals(TaskState.FAILED, unknown.state(), unknown.toString());
        assertTrue(unknown.attempts() <= 1, "not retried: " + unknown);
    }

    /**
     * Submits a {@link #poison} batch and then a good one, and waits until the good one ran and the worker is idle.
     *
     * @return the poison batch's id
     */
    protected String poisonThenAGoodBatch() throws InterruptedException {
        String batch = poison();
        String key = key();
        submit(t -> t.addTask(ContractTasks::record, key, "after"));
        Journal.await(key, WAIT, l -> l.contains("after"));
        awaitIdle();
        return batch;
    }

    /**
     * Hands the backend, through the SPI, a batch whose one task no {@code @TaskHandler} declares: what a worker meets
     * when the code that stored a batch is newer than its own.
     *
     * @return the batch id
     */
    private String poison() {
        String id = UUID.randomUUID().toString();
        context.getBean(TaskSink.class).submit(new TaskBatch(id,
            List.of(new TaskCall(id + ".0", "com.example.Retired#run", "[]", null, null)), Instant.now()));
        return id;
    }
}
