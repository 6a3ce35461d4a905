package io.bgtasks.auth;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether the HTTP server can be reached from other machines. Netty binds every interface unless
 * {@code micronaut.server.host} names one, so only a host that resolves to a loopback address counts as private.
 */
@Singleton
final class ServerExposure {
    private final String host;
    private final boolean loopbackOnly;

    ServerExposure(Environment environment) {
        this.host = environment.getProperty("micronaut.server.host", String.class).filter(h -> !h.isBlank()).orElse(null);
        this.loopbackOnly = host != null && loopback(host);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** @return whether only this machine can reach the server */
    boolean loopbackOnly() {
        return loopbackOnly;
    }

    /** @return where the server listens, in words */
    String describe() {
        return host == null ? "every network interface (micronaut.server.host is not set)" : "host " + host;
    }
}
