package io.bgtasks;

import io.micronaut.http.HttpRequest;

/**
 * Tells when a finished request's response bytes have left the server. The after-response hook runs the
 * request's tasks only then, so that the client never waits for them. An HTTP server module provides one; without
 * it, tasks start when Micronaut reports the request terminated, which may be just before the last bytes are
 * flushed.
 */
interface ResponseFlush {
    /**
     * Runs {@code then} once everything written for {@code request} so far has been handed to the socket, or at
     * once when this cannot be known (the connection is gone, or the request is not one of this server's).
     *
     * @param request a request Micronaut reported terminated
     * @param then    what to run; must not block (it may run on the event loop)
     */
    void afterFlush(HttpRequest<?> request, Runnable then);
}
