package io.bgtasks.auth;

import io.bgtasks.config.DeadLettersEndpointConfiguration;
import io.bgtasks.config.StatusEndpointConfiguration;
import io.bgtasks.config.WebConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PostConstruct;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start a server that other machines can reach while an endpoint that changes or reveals stored work
 * (dead letters, dashboard, a status with its errors) is on and no operator credentials are set: such a start is a
 * mistake far more often than a choice, and the choice stays possible ({@code bgtasks.auth.enabled=false}).
 */
@Context
@Requires(property = "bgtasks.auth.enabled", notEquals = "false")
final class ExposureCheck {
    private final AuthConfiguration auth;
    private final ServerExposure exposure;
    private final WebConfiguration web;
    private final DeadLettersEndpointConfiguration deadLetters;
    private final StatusEndpointConfiguration status;
    private final Environment environment;

    ExposureCheck(AuthConfiguration auth, ServerExposure exposure, WebConfiguration web,
                  DeadLettersEndpointConfiguration deadLetters, StatusEndpointConfiguration status, Environment environment) {
        this.auth = auth;
        this.exposure = exposure;
        this.web = web;
        this.deadLetters = deadLetters;
        this.status = status;
        this.environment = environment;
    }

    @PostConstruct
    void check() {
        if (auth.hasCredentials() || exposure.loopbackOnly() || !web.isEnabled()) {
            return;
        }
        List<String> open = new ArrayList<>();
        if (deadLetters.isEnabled()) {
            open.add("bgtasks.dead-letters-endpoint");
        }
        if (environment.getProperty("bgtasks.dashboard.enabled", Boolean.class).orElse(false)) {
            open.add("bgtasks.dashboard");
        }
        if (status.isEnabled() && !status.isAnonymous()) {
            open.add("bgtasks.status-endpoint (anonymous=false)");
        }
        if (!open.isEmpty()) {
            throw new ConfigurationException(String.join(", ", open) + " would be open to anyone: the server listens on "
                + exposure.describe() + " and no operator credentials are set. Set bgtasks.auth.username and "
                + "bgtasks.auth.password (BGTASKS_AUTH_USERNAME, BGTASKS_AUTH_PASSWORD), or bind micronaut.server.host "
                + "to 127.0.0.1, or set bgtasks.auth.enabled=false if your own security guards these paths");
        }
    }
}
