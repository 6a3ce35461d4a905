package io.bgtasks.tracing;

import io.bgtasks.spi.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Between OpenTelemetry's context and the stored {@link TraceHeaders}, through the W3C propagator itself (not the
 * application's configured propagators: what is stored must be readable by every process that runs the batch).
 * Loaded only when the OpenTelemetry API is on the classpath.
 */
final class W3cTrace {
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";
    private static final TextMapGetter<TraceHeaders> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceHeaders carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceHeaders carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key) ? carrier.traceparent() : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    private W3cTrace() {
    }

    /** @return the current context's span as headers, or null when it holds no valid span */
    static TraceHeaders inject() {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> headers = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(current, headers, Map::put);
        String parent = headers.get(TRACEPARENT);
        if (parent == null) {
            return null;
        }
        String state = headers.get(TRACESTATE);
        return new TraceHeaders(parent, state == null || state.isEmpty() ? null : state);
    }

    /** @return a root context holding the stored span as a remote parent; the root context when it is not valid */
    static Context extract(TraceHeaders headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    }
}
