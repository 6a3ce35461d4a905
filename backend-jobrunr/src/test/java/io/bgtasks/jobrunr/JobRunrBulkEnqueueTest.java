package io.bgtasks.jobrunr;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.context.ApplicationContext;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code submitAll} on JobRunr (H2): all batches of a call are stored in one transaction when it returns and each
 * runs once; batches whose idempotency key was used before are not stored again while the others are; a batch the
 * database rejects stores none of the call, also above JobRunr's own chunk of 5000 jobs; delayed batches of a call
 * are stored as SCHEDULED jobs in the same transaction.
 *
 * <p>Isolated: with the other tests' workers beside it on a 2-core machine, JobRunr's own server fell more than
 * four polls behind and took some of the 300 running jobs for orphans, which ran them twice.
 */
@Isolated
class JobRunrBulkEnqueueTest {

    private static ApplicationContext start(String h2Path, boolean worker) {
        return ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", h2Path,
            "bgtasks.worker.enabled", Boolean.toString(worker)));
    }

    private static StorageProvider jobs(ApplicationContext context) {
        return context.getBean(JobRunrStorage.class).provider();
    }

    /** One batch per item, with the idempotency key {@code keyPrefix + item} when a prefix is given. */
    private static List<TaskHandle> submitAll(ApplicationContext context, String key, List<Integer> items, String keyPrefix, String labelPrefix) {
        return context.getBean(TaskSubmitter.class).submitAll(items, (i, t) -> {
            if (keyPrefix != null) {
                t.idempotencyKey(keyPrefix + i);
            }
            t.addTask(TestTasks::record, key, labelPrefix + i);
        });
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void threeHundredBatchesAreStoredWhenTheCallReturnsAndEachRunsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        try (ApplicationContext app = start(TestH2.freshPath(), true)) {
            List<TaskHandle> handles = submitAll(app, key, range(0, 300), null, "b");
            assertEquals(300, handles.stream().map(TaskHandle::batchId).distinct().count());
            for (TaskHandle handle : handles) {
                // throws JobNotFoundException when the batch was not stored
                jobs(app).getJobById(UUID.fromString(handle.batchId()));
            }
            assertTrue(app.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(60)));
            assertEquals(range(0, 300).stream().map(i -> "b" + i).sorted().toList(),
                Recorder.labels(key).stream().sorted().toList(), "every batch ran, each once");
            assertEquals(300, jobs(app).countJobs(StateName.SUCCEEDED));
        }
    }

    @Test
    void batchesWhoseIdempotencyKeyWasUsedBeforeAreNotStoredAgainAndTheOthersAre() throws Exception {
        String path = TestH2.freshPath();
        String key = UUID.randomUUID().toString();
        String keys = "order-" + key + "-";
        try (ApplicationContext web = start(path, false)) {
            List<TaskHandle> first = submitAll(web, key, range(0, 100), keys, "first-");
            assertEquals(100, jobs(web).countJobs(StateName.ENQUEUED));
            // keys 50..99 were used above, 100..249 are new, and key 100 comes twice in this call
            List<Integer> items = new ArrayList<>(range(50, 250));
            items.add(100);
            List<TaskHandle> second = submitAll(web, key, items, keys, "second-");
            assertEquals(first.subList(50, 100).stream().map(TaskHandle::batchId).toList(),
                second.subList(0, 50).stream().map(TaskHandle::batchId).toList(), "same key, same batch id");
            assertEquals(TaskIds.fromKey(keys + 100), second.get(200).batchId());
            assertEquals(250, jobs(web).countJobs(StateName.ENQUEUED), "100 stored before plus 150 new ones, none twice");
        }
        try (ApplicationContext worker = start(path, true)) {
            assertTrue(worker.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(60)));
            // an old key keeps its first batch: the second call did not replace it
            List<String> expected = new ArrayList<>();
            range(0, 100).forEach(i -> expected.add("first-" + i));
            range(100, 250).forEach(i -> expected.add("second-" + i));
            assertEquals(expected.stream().sorted().toList(), Recorder.labels(key).stream().sorted().toList());
        }
    }

    @Test
    void delayedBatchesOfACallAreStoredScheduledAtTheirStartTimeAndNotTwice() {
        String key = UUID.randomUUID().toString();
        String keys = "later-" + key + "-";
        Instant startAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS).plusNanos(250_000);
        // even items wait an hour, odd ones start at once
        BiConsumer<Integer, BackgroundTasks> tasks = (i, t) -> {
            t.idempotencyKey(keys + i);
            if (i % 2 == 0) {
                t.startAt(startAt);
            }
            t.addTask(TestTasks::record, key, "x" + i);
        };
        try (ApplicationContext web = start(TestH2.freshPath(), false)) {
            TaskSubmitter submitter = web.getBean(TaskSubmitter.class);
            List<TaskHandle> first = submitter.submitAll(range(0, 10), tasks);
            assertEquals(5, jobs(web).countJobs(StateName.SCHEDULED));
            assertEquals(5, jobs(web).countJobs(StateName.ENQUEUED));
            Job delayed = jobs(web).getJobById(UUID.fromString(first.get(0).batchId()));
            assertEquals(startAt, delayed.<ScheduledState>getJobState().getScheduledAt(), "due at the start time, to the nanosecond");
            // keys 0..9 were used above: only 10..14 are stored, two of them delayed
            submitter.submitAll(range(0, 15), tasks);
            assertEquals(8, jobs(web).countJobs(StateName.SCHEDULED));
            assertEquals(7, jobs(web).countJobs(StateName.ENQUEUED));
        }
    }

    @Test
    void aBatchTheDatabaseRejectsStoresNoneOfTheCallEvenAboveFiveThousand() throws Exception {
        String path = TestH2.freshPath();
        String key = UUID.randomUUID().toString();
        String keys = "bulk-" + key + "-";
        try (ApplicationContext web = start(path, false)) {
            // the database refuses one batch id, the last of 6000: JobRunr alone would have committed the first 5000
            assertEquals(0, jobs(web).countJobs(StateName.ENQUEUED)); // opens the storage: JobRunr creates its tables
            reject(path, TaskIds.fromKey(keys + 5999));
            TaskSinkUnavailableException e = assertThrows(TaskSinkUnavailableException.class,
                () -> submitAll(web, key, range(0, 6000), keys, "x"));
            assertTrue(e.getMessage().startsWith("JobRunr storage at jdbc:h2:file:"), e.getMessage());
            assertEquals(0, jobs(web).countJobs(StateName.ENQUEUED), "nothing of the call is stored");

            submitAll(web, key, range(0, 5999), keys, "x");
            assertEquals(5999, jobs(web).countJobs(StateName.ENQUEUED));
            // stored ids are dropped and the rest is inserted once more: that insert fails too, and stores nothing
            assertThrows(TaskSinkUnavailableException.class, () -> submitAll(web, key, range(0, 6100), keys, "x"));
            assertEquals(5999, jobs(web).countJobs(StateName.ENQUEUED));
        }
    }

    /** A check constraint that fails the insert of one job id, on the test's H2 file (opened a second time in this JVM). */
    private static void reject(String h2Path, String batchId) throws Exception {
        try (Connection connection = DriverManager.getConnection(JobRunrStorage.h2Url(Path.of(h2Path)));
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE jobrunr_jobs ADD CONSTRAINT test_rejected_id CHECK (id <> '" + batchId + "')");
        }
    }
}
