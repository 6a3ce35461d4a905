package io.bgtasks.jobrunr;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows of JobRunr's jobs table that someone else damaged (an operator's UPDATE, a migration, a second program),
 * written over JDBC into the real database while a real JobRunr worker runs and good tasks keep arriving: each
 * damaged row ends FAILED in the dead letters with a reason that names the damage, nothing a row names is loaded,
 * created or run, the worker keeps running (JobRunr's pollers never fail, so they never stop the server) and every
 * good task completes. Rows that are not damage stay as they are: delayed batches (SCHEDULED rows, one due in an
 * hour) and a schedule ledger row in JobRunr's metadata table. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobRunrDamagedStorage {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String BATCH_JOB = BatchJob.class.getName();
    private static final String SIGNATURE = BatchJobHandler.class.getName() + ".run(" + BATCH_JOB + ")";

    private ApplicationContext context;
    private JobMapper jobs;
    private final List<ILoggingEvent> pollerFailures = new CopyOnWriteArrayList<>();
    private final List<String> repairLines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> pollerLog = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // JobRunr's pollers (JobSteward, JobZooKeeper) log a failed poll, and stop the server after six
            if (event.getLevel().isGreaterOrEqual(Level.WARN) && event.getLoggerName().startsWith("org.jobrunr.server.Job")) {
                pollerFailures.add(event);
            }
            if (event.getLoggerName().equals("io.bgtasks.jobrunr") && event.getFormattedMessage().startsWith("jobrunr_jobs row ")) {
                repairLines.add(event.getFormattedMessage());
            }
        }
    };

    /** @return the properties that put a context on this database (backend, address, poll interval) */
    protected abstract Map<String, Object> backend();

    /** @return a JDBC connection to the same database, as an operator's client would open */
    protected abstract Connection connect() throws SQLException;

    /** @return the jobs table, with the table prefix the context uses */
    protected abstract String table();

    /** Stops what {@link #backend} started. */
    protected void closeStorage() {
    }

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>(backend());
        properties.put("bgtasks.worker.concurrency", "4");
        properties.put("bgtasks.jobrunr.poll-interval", "5s");
        context = ApplicationContext.run(properties);
        jobs = new JobMapper(context.getBean(JobRunrStorage.class).json());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        pollerLog.start();
        root.addAppender(pollerLog);
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(pollerLog);
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            closeStorage();
        }
    }

    private void good(String journal, String label) {
        context.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, journal, label));
    }

    /** A good batch that waits: a SCHEDULED row beside the damaged ones, which the repair must leave alone. */
    private TaskHandle delayed(String journal, String label, Duration delay) {
        return context.getBean(TaskSubmitter.class).submit(t -> t.startIn(delay).addTask(ContractTasks::record, journal, label)).get(0);
    }

    private static String payload(String journal, String label) {
        return "[{\"n\":\"" + ContractTasks.class.getName() + "#record\",\"a\":[\"" + journal + "\",\"" + label + "\"]}]";
    }

    /** The JSON JobRunr stores for a bgtasks job, as a template to damage. */
    private String json(UUID id, String batchId, String payload, List<JobState> history) {
        return json(id, batchId, payload, history, Map.of());
    }

    private String json(UUID id, String batchId, String payload, List<JobState> history, Map<String, Object> metadata) {
        // a stored job has version 1 or more: JobRunr inserts a job of version 0
        Job job = new Job(id, 1, new JobDetails(new BatchJob(batchId, payload)), history, new ConcurrentHashMap<>(metadata));
        return jobs.serializeJob(job);
    }

    private String json(UUID id, String payload) {
        return json(id, id.toString(), payload, List.of(new EnqueuedState()));
    }

    /** Inserts a row as another program would, every column given. */
    private void insert(UUID id, int version, String json, String signature, String state, Instant scheduledAt) throws SQLException {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement("insert into " + table()
            + " (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            insert.setString(1, id.toString());
            insert.setInt(2, version);
            insert.setString(3, json);
            insert.setString(4, signature);
            insert.setString(5, state);
            // in UTC, as JobRunr writes them
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC));
            insert.setTimestamp(6, now, utc);
            insert.setTimestamp(7, now, utc);
            insert.setTimestamp(8, scheduledAt == null ? null : Timestamp.from(scheduledAt), utc);
            insert.executeUpdate();
        }
    }

    private UUID enqueuedRow(String json) throws SQLException {
        UUID id = UUID.randomUUID();
        insert(id, 1, json.replace("@ID@", id.toString()), SIGNATURE, "ENQUEUED", null);
        return id;
    }

    /** The damage of each kind, written between good tasks; returns the reason each row must end with. */
    private Map<UUID, String> damage(String journal, int round) throws SQLException {
        Map<UUID, String> reasons = new LinkedHashMap<>();
        // jobAsJson that is not JSON, or is cut off, or empty
        reasons.put(enqueuedRow("this is not json {"), "jobAsJson is not JSON");
        UUID cut = UUID.randomUUID();
        String whole = json(cut, payload(journal, "damaged-cut"));
        insert(cut, 1, whole.substring(0, whole.length() / 2), SIGNATURE, "ENQUEUED", null);
        reasons.put(cut, "jobAsJson is not JSON");
        reasons.put(enqueuedRow(""), "not a JSON object");
        // JSON of another shape
        reasons.put(enqueuedRow("[1, 2, 3]"), "not a JSON object");
        reasons.put(enqueuedRow("{\"id\":\"@ID@\",\"version\":1}"), "has no jobDetails");
        UUID noStates = UUID.randomUUID();
        insert(noStates, 1, json(noStates, payload(journal, "damaged-no-states")).replaceFirst("\"jobHistory\":\\[.*\\]", "\"jobHistory\":[]"),
            SIGNATURE, "ENQUEUED", null);
        reasons.put(noStates, "has no job states");
        // another job class: a static method JobRunr would call, Runtime.exec, a foreign argument class, a foreign state class
        UUID foreign = UUID.randomUUID();
        insert(foreign, 1, foreignJob(foreign, ForeignGadget.class.getName(), "touch", "damaged-foreign"),
            ForeignGadget.class.getName() + ".touch(java.lang.String)", "ENQUEUED", null);
        reasons.put(foreign, "names " + ForeignGadget.class.getName() + ".touch, not bgtasks' job");
        UUID exec = UUID.randomUUID();
        insert(exec, 1, foreignJob(exec, "java.lang.Runtime", "exec", "touch /tmp/bgtasks-damaged"), "java.lang.Runtime.exec(java.lang.String)",
            "ENQUEUED", null);
        reasons.put(exec, "names java.lang.Runtime.exec, not bgtasks' job");
        UUID gadget = UUID.randomUUID();
        insert(gadget, 1, json(gadget, payload(journal, "damaged-gadget")).replace("\"" + BATCH_JOB + "\"", "\"" + ForeignGadget.class.getName() + "\""),
            SIGNATURE, "ENQUEUED", null);
        reasons.put(gadget, "argument is a " + ForeignGadget.class.getName());
        UUID state = UUID.randomUUID();
        insert(state, 1, json(state, payload(journal, "damaged-state")).replace("org.jobrunr.jobs.states.EnqueuedState", ForeignGadget.class.getName()),
            SIGNATURE, "ENQUEUED", null);
        reasons.put(state, "not one of JobRunr's states");
        // bgtasks' own job with a payload that cannot run: poison, as before
        reasons.put(enqueuedRow(json(UUID.randomUUID(), "[{\"n\":\"com.example.Gadget#run\",\"a\":[]}]").replaceAll(ID_PATTERN, "@ID@")),
            "unknown task 'com.example.Gadget#run'");
        reasons.put(enqueuedRow(json(UUID.randomUUID(), "[{\"n\":\"" + ContractTasks.class.getName() + "#record\",\"a\":[\"only-one\"]}]")
            .replaceAll(ID_PATTERN, "@ID@")), "must be a JSON array of 2 values");
        reasons.put(enqueuedRow(json(UUID.randomUUID(), "garbage").replaceAll(ID_PATTERN, "@ID@")), "payload is not valid JSON");
        UUID elsewhere = UUID.randomUUID();
        insert(elsewhere, 1, json(elsewhere, UUID.randomUUID().toString(), payload(journal, "damaged-elsewhere"), List.of(new EnqueuedState())),
            SIGNATURE, "ENQUEUED", null);
        reasons.put(elsewhere, "is not the job's id");
        // bgtasks' progress in the metadata that is not a number
        UUID step = UUID.randomUUID();
        insert(step, 1, json(step, step.toString(), payload(journal, "damaged-step"), List.of(new EnqueuedState()), Map.of(Progress.STEP, "abc")),
            SIGNATURE, "ENQUEUED", null);
        reasons.put(step, "'bgtasks.step' is 'abc'");
        // columns that contradict the JSON, or that JobRunr never selects
        UUID failedInQueue = UUID.randomUUID();
        insert(failedInQueue, 1, json(failedInQueue, failedInQueue.toString(), payload(journal, "damaged-failed-in-queue"),
            List.of(new EnqueuedState(), new FailedState("earlier", new IllegalStateException("earlier")))), SIGNATURE, "ENQUEUED", null);
        reasons.put(failedInQueue, "the state column (ENQUEUED) is not the job's state (FAILED)");
        UUID version = UUID.randomUUID();
        insert(version, 5, json(version, payload(journal, "damaged-version")), SIGNATURE, "ENQUEUED", null);
        reasons.put(version, "the version column (5) is not the job's version (1)");
        UUID fresh = UUID.randomUUID();
        insert(fresh, 0, json(fresh, payload(journal, "damaged-version-0")).replace("\"version\":1,", "\"version\":0,"), SIGNATURE, "ENQUEUED", null);
        reasons.put(fresh, "the job's version is 0");
        UUID unknownState = UUID.randomUUID();
        insert(unknownState, 1, json(unknownState, payload(journal, "damaged-unknown-state")), SIGNATURE, "RUNNING", null);
        reasons.put(unknownState, "the state column is 'RUNNING'");
        UUID dueButQueued = UUID.randomUUID();
        insert(dueButQueued, 1, json(dueButQueued, payload(journal, "damaged-due-but-queued")), SIGNATURE, "SCHEDULED", Instant.now());
        reasons.put(dueButQueued, "the state column (SCHEDULED) is not the job's state (ENQUEUED)");
        UUID staleFailed = UUID.randomUUID();
        insert(staleFailed, 1, json(staleFailed, staleFailed.toString(), payload(journal, "damaged-stale-failed"),
            List.of(new EnqueuedState(), new FailedState("earlier", new IllegalStateException("earlier")))), SIGNATURE, "PROCESSING", null);
        reasons.put(staleFailed, "the state column (PROCESSING) is not the job's state (FAILED)");
        UUID noDue = UUID.randomUUID();
        insert(noDue, 1, json(noDue, noDue.toString(), payload(journal, "damaged-no-due"), List.of(new ScheduledState(Instant.now()))),
            SIGNATURE, "SCHEDULED", null);
        reasons.put(noDue, "SCHEDULED without a scheduledAt");
        return reasons;
    }

    /** A job as JobRunr stores one, of another class's method with one String argument, which JobRunr would call. */
    private static String foreignJob(UUID id, String className, String method, String argument) {
        return "{\"id\":\"" + id + "\",\"version\":1,\"jobDetails\":{\"className\":\"" + className + "\",\"methodName\":\"" + method + "\","
            + "\"jobParameters\":[{\"className\":\"java.lang.String\",\"actualClassName\":\"java.lang.String\",\"object\":\"" + argument + "\"}],"
            + "\"cacheable\":true},\"jobHistory\":[{\"@class\":\"org.jobrunr.jobs.states.EnqueuedState\",\"createdAt\":\"" + Instant.now()
            + "\",\"state\":\"ENQUEUED\"}],\"metadata\":{\"@class\":\"java.util.concurrent.ConcurrentHashMap\"}}";
    }

    private static final String ID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void eachDamagedRowEndsFailedWithItsReasonAndTheGoodTasksAroundItComplete() throws Exception {
        String journal = "j-" + UUID.randomUUID();
        List<String> expectedGood = new ArrayList<>();
        Map<UUID, String> reasons = new LinkedHashMap<>();
        // rows of the same storage that are not damage: a schedule ledger row, and delayed batches, one due in an hour
        ScheduleLedger ledger = context.getBean(ScheduleLedger.class);
        Instant tick = Instant.parse("2026-11-30T12:00:00Z");
        ledger.fired("damaged-storage-" + journal, tick);
        TaskHandle later = delayed(journal, "delayed-an-hour", Duration.ofHours(1));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                good(journal, "good-" + round + "-" + i);
                expectedGood.add("good-" + round + "-" + i);
            }
            delayed(journal, "good-delayed-" + round, Duration.ofSeconds(3));
            expectedGood.add("good-delayed-" + round);
            reasons.putAll(damage(journal, round));
            Thread.sleep(2000); // a poll may come between the rounds
        }
        for (int i = 0; i < 5; i++) {
            good(journal, "after-" + i);
            expectedGood.add("after-" + i);
        }

        List<String> ran = Journal.await(journal, WAIT, labels -> labels.containsAll(expectedGood));
        assertTrue(ran.containsAll(expectedGood), "every good task ran: " + ran);

        DeadLetters deadLetters = context.getBean(DeadLetters.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, DeadLetter> letters = new HashMap<>();
        while (System.nanoTime() < deadline) {
            letters.clear();
            deadLetters.list(0, 1000).forEach(letter -> letters.put(letter.batchId(), letter));
            if (reasons.keySet().stream().allMatch(id -> letters.containsKey(id.toString()))) {
                break;
            }
            Thread.sleep(500);
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<UUID, String> expected : reasons.entrySet()) {
            DeadLetter letter = letters.get(expected.getKey().toString());
            if (letter == null || !letter.error().contains(expected.getValue())) {
                wrong.add(expected.getKey() + " should be dead with '" + expected.getValue() + "': " + letter);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + reasons.size() + " damaged rows did not end as they should:\n"
            + String.join("\n", wrong));
        assertEquals(reasons.size(), letters.size(), "only the damaged rows are dead letters: " + letters.keySet());

        assertTrue(Journal.labels(journal).stream().noneMatch(label -> label.startsWith("damaged-")), "no damaged row ran: " + Journal.labels(journal));
        assertEquals(Optional.of(tick), ledger.lastFired("damaged-storage-" + journal), "the ledger row is untouched");
        TaskStatus waiting = context.getBean(TaskStatusQuery.class).find(later.id()).orElseThrow();
        assertEquals(TaskState.QUEUED, waiting.state(), "the batch due in an hour still waits: " + waiting);
        assertNotNull(waiting.nextAttemptAt(), waiting.toString());
        assertNull(System.getProperty(ForeignGadget.TOUCHED), "the class a row names was never loaded, created or run");
        assertTrue(context.getBean(JobRunrWorker.class).server().isRunning(), "JobRunr's server still runs");
        assertTrue(pollerFailures.isEmpty(), "no poll of JobRunr failed: " + pollerFailures.stream()
            .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).limit(5).toList());

        for (UUID id : reasons.keySet()) {
            long lines = repairLines.stream().filter(line -> line.startsWith("jobrunr_jobs row " + id + " ")).count();
            assertTrue(lines <= 1, id + " is logged once, not per poll: " + lines + " lines");
        }

        // the worker still takes new work
        String after = "j-" + UUID.randomUUID();
        good(after, "last");
        assertEquals(List.of("last"), Journal.await(after, WAIT, labels -> labels.contains("last")));
    }
}
