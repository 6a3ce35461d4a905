package io.bgtasks.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code bgtasks.dead-letters-endpoint.*}: listing, requeueing and deleting dead letters over HTTP. */
@Context
@ConfigurationProperties("bgtasks.dead-letters-endpoint")
public class DeadLettersEndpointConfiguration {
    /** Whether GET/POST/DELETE {path} answer (on a backend with dead letters); protect it like any admin endpoint. */
    @Bindable(defaultValue = "false")
    private boolean enabled;
    /** The path the dead-letter endpoint is served under. */
    @Bindable(defaultValue = "/dead-letters")
    private String path = "/dead-letters";

    /** @return whether the endpoint answers (default false) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the endpoint answers */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the path the endpoint is served under (default /dead-letters) */
    public String getPath() {
        return path;
    }

    /** @param path the path, starting with a slash */
    public void setPath(String path) {
        this.path = PropertyChecks.path("bgtasks.dead-letters-endpoint.path", path);
    }
}
