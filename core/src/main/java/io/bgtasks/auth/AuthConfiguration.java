package io.bgtasks.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.PostConstruct;

/**
 * {@code bgtasks.auth.*}: the operator's credentials (HTTP Basic) for every bgtasks endpoint: the dead letters, the
 * schedules, the health details, a task's error text and the dashboard.
 */
@Context
@ConfigurationProperties("bgtasks.auth")
public class AuthConfiguration {
    /** Whether bgtasks guards its endpoints itself; false when the application's own security guards their paths. */
    @Bindable(defaultValue = "true")
    private boolean enabled = true;
    /** The operator's user name; unset: the endpoints answer in full only on a server bound to a loopback address. */
    private String username;
    /** The operator's password, with the user name. */
    private String password;

    /** Half-given credentials would leave the endpoints open while the operator believes them protected. */
    @PostConstruct
    void check() {
        boolean user = username != null && !username.isEmpty();
        boolean secret = password != null && !password.isEmpty();
        if (user != secret) {
            throw new ConfigurationException("bgtasks.auth." + (user ? "username" : "password") + " is set but bgtasks.auth."
                + (user ? "password" : "username") + " is not: set both (BGTASKS_AUTH_USERNAME and BGTASKS_AUTH_PASSWORD "
                + "in the environment), or neither");
        }
    }

    /** @return whether both user name and password are set */
    public boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    /** @return whether bgtasks guards its endpoints itself (default true) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether bgtasks guards its endpoints itself */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the operator's user name, or null */
    public @Nullable String getUsername() {
        return username;
    }

    /** @param username the operator's user name */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** @return the operator's password, or null */
    public @Nullable String getPassword() {
        return password;
    }

    /** @param password the operator's password */
    public void setPassword(@Nullable String password) {
        this.password = password;
    }
}
