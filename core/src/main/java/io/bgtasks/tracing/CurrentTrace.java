package io.bgtasks.tracing;

import io.bgtasks.spi.TraceHeaders;
import io.micronaut.core.annotation.Nullable;

/**
 * The trace of the code that submits a batch, taken when the batch is built: the span that is current then (the
 * request's server span, made current by the OpenTelemetry Java agent or any instrumentation), as W3C headers. Without
 * the OpenTelemetry API on the classpath there is never one, and no OpenTelemetry class is loaded: {@link W3cTrace},
 * which uses it, is only reached after the check.
 */
public final class CurrentTrace {
    private static final boolean API_PRESENT = present("io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator");

    private CurrentTrace() {
    }

    /** @return the current span's trace headers, or null when no valid span is current or OpenTelemetry is absent */
    public static @Nullable TraceHeaders capture() {
        return API_PRESENT ? W3cTrace.inject() : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CurrentTrace.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
