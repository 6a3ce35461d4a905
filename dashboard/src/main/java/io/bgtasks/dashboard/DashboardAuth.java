package io.bgtasks.dashboard;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP Basic in front of the dashboard and its API when {@code bgtasks.dashboard.username} is set: the dashboard can
 * requeue and delete dead letters, so it is not left open by accident. Compared in constant time.
 */
@ServerFilter("${bgtasks.dashboard.path:/bgtasks/dashboard}/**")
@Requires(property = "bgtasks.dashboard.enabled", value = "true")
@Requires(property = "bgtasks.dashboard.username")
final class DashboardAuth {
    private final byte[] expected;

    DashboardAuth(DashboardConfiguration configuration) {
        String pair = configuration.getUsername() + ":" + configuration.getPassword();
        this.expected = ("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    @Nullable HttpResponse<?> check(HttpRequest<?> request) {
        String given = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
            .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"bgtasks dashboard\", charset=\"UTF-8\"");
    }
}
