package io.bgtasks.jobrunr;

import io.micronaut.context.BeanContext;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.JobActivatorShutdownException;

/** Lets JobRunr find job handlers among Micronaut's beans (and only there). */
final class MicronautJobActivator implements JobActivator {
    private final BeanContext context;

    MicronautJobActivator(BeanContext context) {
        this.context = context;
    }

    @Override
    public <T> T activateJob(Class<T> type) {
        if (!context.isRunning()) {
            // JobRunr then hands the job back instead of failing it
            throw new JobActivatorShutdownException("the Micronaut context is stopping", null);
        }
        return context.findBean(type).orElse(null);
    }
}
