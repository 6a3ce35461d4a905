package io.bgtasks.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code bgtasks.health-endpoint.*}: the backend's health, {@code GET /bgtasks/health}, for readiness checks. */
@Context
@ConfigurationProperties("bgtasks.health-endpoint")
public class HealthEndpointConfiguration {
    /** Whether GET {path} answers; off by default, turn it on for a load balancer's or Kubernetes' readiness probe. */
    @Bindable(defaultValue = "false")
    private boolean enabled;
    /** The path the health endpoint is served under. */
    @Bindable(defaultValue = "/bgtasks/health")
    private String path = "/bgtasks/health";

    /** @return whether the endpoint answers (default false) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the endpoint answers */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the path the endpoint is served under (default /bgtasks/health) */
    public String getPath() {
        return path;
    }

    /** @param path the path, starting with a slash */
    public void setPath(String path) {
        this.path = PropertyChecks.path("bgtasks.health-endpoint.path", path);
    }
}
