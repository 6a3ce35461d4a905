package io.bgtasks.dashboard;

import io.bgtasks.config.PropertyChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.PostConstruct;

/** {@code bgtasks.dashboard.*}: the dashboard page and its JSON API. */
@Context
@ConfigurationProperties("bgtasks.dashboard")
public class DashboardConfiguration {
    /** Whether the dashboard is served; off by default, and meant to be protected (username and password). */
    @Bindable(defaultValue = "false")
    private boolean enabled;
    /** The path of the dashboard page; its API lives under {path}/api. */
    @Bindable(defaultValue = "/bgtasks/dashboard")
    private String path = "/bgtasks/dashboard";
    /** The user name the dashboard asks for (HTTP Basic); unset: no password is asked, put it behind your own auth. */
    private String username;
    /** The password the dashboard asks for, with the user name. */
    private String password;

    /** Half-given credentials would leave the dashboard open while the operator believes it protected. */
    @PostConstruct
    void check() {
        boolean user = username != null && !username.isEmpty();
        boolean secret = password != null && !password.isEmpty();
        if (user != secret) {
            throw new IllegalStateException("bgtasks.dashboard." + (user ? "username" : "password") + " is set but bgtasks.dashboard."
                + (user ? "password" : "username") + " is not: set both, or neither to serve the dashboard without a password");
        }
    }

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

    /** @return the user name asked for, or null when the dashboard asks for none */
    public @Nullable String getUsername() {
        return username;
    }

    /** @param username the user name asked for */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** @return the password asked for */
    public @Nullable String getPassword() {
        return password;
    }

    /** @param password the password asked for */
    public void setPassword(@Nullable String password) {
        this.password = password;
    }
}
