package io.bgtasks.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code bgtasks.status-endpoint.*}: the task status endpoint, {@code GET /tasks/{id}} and its event stream. */
@Context
@ConfigurationProperties("bgtasks.status-endpoint")
public class StatusEndpointConfiguration {
    /** Whether GET {path}/{id} and {path}/{id}/events answer; off by default, turn it on where clients need it. */
    @Bindable(defaultValue = "false")
    private boolean enabled;
    /** The path the status endpoint is served under. */
    @Bindable(defaultValue = "/tasks")
    private String path = "/tasks";
    /** Whether callers without the operator's credentials may read a task's status, its error text removed. */
    @Bindable(defaultValue = "true")
    private boolean anonymous = true;
    /** How often the event stream reads a task's status from the backend. */
    @Bindable(defaultValue = "250ms")
    private Duration pollInterval = Duration.ofMillis(250);
    /** How often a stream on a backend that pushes status changes (in-memory, Redis) reads the status anyway. */
    @Bindable(defaultValue = "5s")
    private Duration fallbackInterval = Duration.ofSeconds(5);

    /** @return whether the endpoint answers (default false) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the endpoint answers */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the path the endpoint is served under (default /tasks) */
    public String getPath() {
        return path;
    }

    /** @param path the path, starting with a slash */
    public void setPath(String path) {
        this.path = PropertyChecks.path("bgtasks.status-endpoint.path", path);
    }

    /** @return whether anonymous callers may read a status without its error text (default true) */
    public boolean isAnonymous() {
        return anonymous;
    }

    /** @param anonymous whether anonymous callers may read a status without its error text */
    public void setAnonymous(boolean anonymous) {
        this.anonymous = anonymous;
    }

    /** @return how often the event stream polls the status (default 250ms) */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** @param pollInterval how often the event stream polls, more than 0 */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = PropertyChecks.positive("bgtasks.status-endpoint.poll-interval", pollInterval);
    }

    /** @return how often a pushed event stream reads the status anyway (default 5s) */
    public Duration getFallbackInterval() {
        return fallbackInterval;
    }

    /** @param fallbackInterval how often a pushed event stream reads the status anyway, more than 0 */
    public void setFallbackInterval(Duration fallbackInterval) {
        this.fallbackInterval = PropertyChecks.positive("bgtasks.status-endpoint.fallback-interval", fallbackInterval);
    }
}
