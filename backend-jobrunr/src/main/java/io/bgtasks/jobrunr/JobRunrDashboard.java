package io.bgtasks.jobrunr;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jobrunr.dashboard.JobRunrDashboardWebServer;
import org.jobrunr.dashboard.JobRunrDashboardWebServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JobRunr's own dashboard on its own port, when {@code bgtasks.jobrunr.dashboard.enabled=true}: it shows every
 * job, its states and stack traces, and can requeue or delete jobs. Give it credentials, or keep its port private.
 */
@Singleton
@Requires(property = "bgtasks.jobrunr.dashboard.enabled", value = "true")
final class JobRunrDashboard implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    private final JobRunrStorage storage;
    private final JobRunrConfiguration.Dashboard configuration;
    private JobRunrDashboardWebServer server;

    JobRunrDashboard(JobRunrStorage storage, JobRunrConfiguration.Dashboard configuration) {
        this.storage = storage;
        this.configuration = configuration;
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        if (server != null) {
            return;
        }
        JobRunrDashboardWebServerConfiguration settings = JobRunrDashboardWebServerConfiguration.usingStandardDashboardConfiguration()
            .andPort(configuration.getPort())
            .andAllowAnonymousDataUsage(false);
        boolean secured = configuration.getUsername() != null && configuration.getPassword() != null;
        if (secured) {
            settings.andBasicAuthentication(configuration.getUsername(), configuration.getPassword());
        } else {
            LOG.warn("the JobRunr dashboard on port {} has no credentials (bgtasks.jobrunr.dashboard.username/password): "
                + "anyone who reaches the port can see, requeue and delete jobs", configuration.getPort());
        }
        server = new JobRunrDashboardWebServer(storage.provider(), storage.json(), settings);
        server.start();
        LOG.info("JobRunr dashboard on port {}{}", configuration.getPort(), secured ? " (basic auth)" : "");
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
