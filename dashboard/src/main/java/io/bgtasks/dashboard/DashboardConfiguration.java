package io.bgtasks.dashboard;

import io.bgtasks.config.PropertyChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code bgtasks.dashboard.*}: the dashboard page and its JSON API. */
@Context
@ConfigurationProperties("bgtasks.dashboard")
public class DashboardConfiguration {
    /** Whether the dashboard is served; off by default; it asks for the operator's credentials (bgtasks.auth.*). */
    @Bindable(defaultValue = "false")
    private boolean enabled;
    /** The path of the dashboard page; its API lives under {path}/api. */
    @Bindable(defaultValue = "/bgtasks/dashboard")
    private String path = "/bgtasks/dashboard";

    /** @return whether the dashboard is served (default false) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the dashboard is served */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the dashboard's path (default /bgtasks/dashboard) */
    public String getPath() {
        return path;
    }

    /** @param path the path, starting with a slash */
    public void setPath(String path) {
        this.path = PropertyChecks.path("bgtasks.dashboard.path", path);
    }
}
