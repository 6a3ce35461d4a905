package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.common.DatabaseCreator;
import org.jobrunr.storage.sql.h2.H2StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * JobRunr's SQL storage providers with every read of jobs behind {@link RowRepair}: a damaged row is marked FAILED
 * and the read runs again, instead of failing JobRunr's whole poll (or a status or dead-letter read) every time.
 * One subclass per database, since JobRunr's providers are classes; both only route their reads.
 */
final class GuardedStorage {
    private GuardedStorage() {
    }

    /** H2, guarded. */
    static final class H2 extends H2StorageProvider {
        private final RowRepair repair;

        H2(DataSource dataSource, String tablePrefix, RowRepair repair) {
            super(dataSource, tablePrefix, DatabaseOptions.CREATE);
            this.repair = repair;
        }

        /** JobRunr finds a database's migrations by the provider's class: JobRunr's own, not this subclass. */
        @Override
        protected DatabaseCreator getDatabaseCreator() {
            return new DatabaseCreator(dataSource, tablePrefix, H2StorageProvider.class);
        }

        @Override
        public List<Job> getJobsToProcess(BackgroundJobServer server, AmountRequest amount) {
            return repair.poll(StateName.ENQUEUED, () -> super.getJobsToProcess(server, amount));
        }

        @Override
        public List<Job> getScheduledJobs(Instant scheduledBefore, AmountRequest amount) {
            return repair.pollState(StateName.SCHEDULED, () -> super.getScheduledJobs(scheduledBefore, amount));
        }

        @Override
        public List<Job> getJobList(StateName state, Instant updatedBefore, AmountRequest amount) {
            return repair.pollState(state, () -> super.getJobList(state, updatedBefore, amount));
        }

        @Override
        public List<Job> getJobList(StateName state, AmountRequest amount) {
            return repair.read(state, null, () -> super.getJobList(state, amount));
        }

        @Override
        public Job getJobById(UUID id) {
            return repair.read(null, id, () -> super.getJobById(id));
        }
    }

    /** PostgreSQL, guarded. */
    static final class Postgres extends PostgresStorageProvider {
        private final RowRepair repair;

        Postgres(DataSource dataSource, String tablePrefix, RowRepair repair) {
            super(dataSource, tablePrefix, DatabaseOptions.CREATE);
            this.repair = repair;
        }

        /** JobRunr finds a database's migrations by the provider's class: JobRunr's own, not this subclass. */
        @Override
        protected DatabaseCreator getDatabaseCreator() {
            return new DatabaseCreator(dataSource, tablePrefix, PostgresStorageProvider.class);
        }

        @Override
        public List<Job> getJobsToProcess(BackgroundJobServer server, AmountRequest amount) {
            return repair.poll(StateName.ENQUEUED, () -> super.getJobsToProcess(server, amount));
        }

        @Override
        public List<Job> getScheduledJobs(Instant scheduledBefore, AmountRequest amount) {
            return repair.pollState(StateName.SCHEDULED, () -> super.getScheduledJobs(scheduledBefore, amount));
        }

        @Override
        public List<Job> getJobList(StateName state, Instant updatedBefore, AmountRequest amount) {
            return repair.pollState(state, () -> super.getJobList(state, updatedBefore, amount));
        }

        @Override
        public List<Job> getJobList(StateName state, AmountRequest amount) {
            return repair.read(state, null, () -> super.getJobList(state, amount));
        }

        @Override
        public Job getJobById(UUID id) {
            return repair.read(null, id, () -> super.getJobById(id));
        }
    }
}
