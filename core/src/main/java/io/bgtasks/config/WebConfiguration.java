package io.bgtasks.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code bgtasks.web.*}: whether {@link io.bgtasks.BgTasksApplication} starts the HTTP server. Read once at start-up;
 * declared here so that it is documented and shows up in the configuration metadata.
 */
@ConfigurationProperties("bgtasks.web")
public class WebConfiguration {
    /** Whether the process starts its HTTP server; false makes a worker-only process (with BgTasksApplication). */
    @Bindable(defaultValue = "true")
    private boolean enabled = true;

    /** @return whether the process starts its HTTP server (default true) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the process starts its HTTP server */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
