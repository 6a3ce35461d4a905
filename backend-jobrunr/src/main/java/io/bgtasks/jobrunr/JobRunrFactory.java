package io.bgtasks.jobrunr;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * JobRunr wired by hand (no JobRunr feature exists for Micronaut 5): the storage every process needs, and the
 * scheduler that web processes enqueue with. The worker side is {@link JobRunrWorker}.
 */
@Factory
final class JobRunrFactory {

    @Singleton
    @Bean(preDestroy = "close")
    JobRunrStorage storage(JobRunrConfiguration configuration) {
        return JobRunrStorage.open(configuration);
    }

    /** No job filters on the client side: retries are elected on the worker side. */
    @Singleton
    JobRunrScheduler scheduler(JobRunrStorage storage) {
        return new JobRunrScheduler(storage.provider());
    }
}
