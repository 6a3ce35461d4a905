package io.bgtasks.jobrunr;

import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.storage.StorageProvider;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this process's JobRunr server is running, by job id. The handler is given only the job's request; it
 * needs the {@link Job} itself to keep its checkpoint in the job's metadata and save it, and JobRunr hands that
 * object to a {@link JobServerFilter} just before the handler runs. Also holds what the handler must know about the
 * server running those jobs: its storage (which locks a job while saving it) and whether it is stopping them.
 */
@Singleton
final class RunningJobs implements JobServerFilter {
    private final Map<UUID, Job> running = new ConcurrentHashMap<>();
    private volatile StorageProvider storage;
    private volatile boolean stopping;

    @Override
    public void onProcessing(Job job) {
        running.put(job.getId(), job);
    }

    @Override
    public void onProcessingSucceeded(Job job) {
        running.remove(job.getId(), job);
    }

    @Override
    public void onProcessingFailed(Job job, Exception e) {
        running.remove(job.getId(), job);
    }

    /**
     * @param id a job id
     * @return the job of that id this server is running now, or null
     */
    Job get(UUID id) {
        return running.get(id);
    }

    /** @param serverStorage the storage provider of the server that runs the jobs */
    void attach(StorageProvider serverStorage) {
        this.storage = serverStorage;
        this.stopping = false;
    }

    /** Saves a running job (its checkpoint) through the server's storage, as JobRunr's own updates do. */
    void save(Job job) {
        storage.save(job);
    }

    /** The server is stopping: an interruption from now on is the shutdown's. */
    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }
}
