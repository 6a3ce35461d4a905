package io.bgtasks;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** Top-level settings, {@code bgtasks.*}. */
@ConfigurationProperties("bgtasks")
public class BgTasksConfiguration {
    /** Default backend: the in-memory runner, FastAPI's behaviour. */
    public static final String DEFAULT_BACKEND = "inmemory";

    /** The backend that runs tasks: inmemory, inline (tests), redis or jobrunr; its module must be on the classpath. */
    @Bindable(defaultValue = DEFAULT_BACKEND)
    private String backend = DEFAULT_BACKEND;

    /** Whether a response whose request queued tasks names their ids in the X-Task-Ids header. */
    @Bindable(defaultValue = "true")
    private boolean taskIdsHeader = true;

    /**
     * @return the backend that runs tasks: {@code inmemory} (default), {@code inline} (tests),
     *         {@code redis} or {@code jobrunr}; its module must be on the classpath
     */
    public String getBackend() {
        return backend;
    }

    /** @param backend the backend name */
    public void setBackend(String backend) {
        this.backend = backend;
    }

    /**
     * @return whether a response whose request queued tasks carries their ids, comma separated, in the
     *         {@code X-Task-Ids} header (default true); false leaves it out for applications that return the ids
     *         themselves or never show them
     */
    public boolean isTaskIdsHeader() {
        return taskIdsHeader;
    }

    /** @param taskIdsHeader whether the {@code X-Task-Ids} header is sent */
    public void setTaskIdsHeader(boolean taskIdsHeader) {
        this.taskIdsHeader = taskIdsHeader;
    }
}
