package io.bgtasks.auth;

import io.micronaut.http.HttpRequest;

/**
 * Whether a request to a bgtasks endpoint comes from the operator. {@link OperatorAuth} marks each request it lets
 * through; an endpoint that also serves anonymous callers (a task's status, the health) answers them with less.
 */
public final class OperatorAccess {
    static final String ATTRIBUTE = "io.bgtasks.auth.operator";

    private OperatorAccess() {
    }

    /**
     * @param request a request to a bgtasks endpoint
     * @return true for the operator's requests, and for every request when bgtasks does not guard its endpoints
     *         itself ({@code bgtasks.auth.enabled=false}: the application's own security let it through)
     */
    public static boolean isOperator(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Boolean.class).orElse(true);
    }
}
