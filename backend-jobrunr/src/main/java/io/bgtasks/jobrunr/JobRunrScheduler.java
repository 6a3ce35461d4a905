package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobDefaultFilters;
import org.jobrunr.jobs.filters.JobFilterUtils;
import org.jobrunr.jobs.mappers.MDCMapper;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * JobRunr's scheduler with a bulk create that stores all its jobs in one {@link StorageProvider#save(List)}.
 * JobRunr's own {@code create(Stream)} commits every 5000 jobs ({@code StorageProvider.BATCH_SIZE}) in a transaction of
 * their own, so a failure part-way would keep the jobs before it.
 */
final class JobRunrScheduler extends JobRequestScheduler {
    private final StorageProvider provider;
    // the filters the superclass runs on create: JobRunr's defaults only (retries are elected on the worker side)
    private final JobFilterUtils filters = new JobFilterUtils(new JobDefaultFilters(List.of()));

    JobRunrScheduler(StorageProvider provider) {
        super(provider, List.of());
        this.provider = provider;
    }

    /**
     * Stores new jobs in one save: on SQL storage one JDBC batch insert in one transaction, whatever their number.
     * The steps around the save are those of {@code create(Stream)} (JobRunr 8.7 {@code AbstractJobScheduler.saveJobs}).
     *
     * @param builders the jobs, each with its id
     * @throws org.jobrunr.storage.StorageException when the storage fails, an id that is stored already included;
     *                                              none of the jobs is stored then
     */
    void createAll(List<JobBuilder> builders) {
        if (builders.isEmpty()) {
            return;
        }
        List<Job> jobs = new ArrayList<>(builders.size());
        for (JobBuilder builder : builders) {
            jobs.add(buildJob(builder));
        }
        jobs.forEach(MDCMapper::saveMDCContextToJob);
        filters.runOnCreatingFilter(jobs);
        filters.runOnCreatedFilter(provider.save(jobs));
    }
}
