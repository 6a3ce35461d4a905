package io.bgtasks.app.tracing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A stand-in for micronaut-tracing-opentelemetry's server instrumentation, which the Maven mirror of this build does not
 * serve: it reads the request's {@code traceparent}, starts a SERVER span under it, and makes that span current wherever
 * Micronaut runs the request's code (the controller, on whichever thread), through Micronaut's propagated context, as
 * the real instrumentation (or the OpenTelemetry Java agent) does. Test-only, in {@link RequestTraceTest}'s context.
 */
@ServerFilter("/**")
@Requires(property = TracingSetup.ENABLED, value = "true")
class ServerSpanFilter {
    private static final String SPAN = ServerSpanFilter.class.getName() + ".span";
    private static final TextMapGetter<HttpRequest<?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpRequest<?> request) {
            return request.getHeaders().names();
        }

        @Override
        public String get(HttpRequest<?> request, String key) {
            return request == null ? null : request.getHeaders().get(key);
        }
    };

    private final OpenTelemetry openTelemetry;

    ServerSpanFilter(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    @RequestFilter
    void start(HttpRequest<?> request, MutablePropagatedContext propagated) {
        Context remote = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
        Span span = openTelemetry.getTracer("test-server").spanBuilder(request.getMethodName() + " " + request.getPath())
            .setSpanKind(SpanKind.SERVER).setParent(remote).startSpan();
        request.setAttribute(SPAN, span);
        propagated.add(new Current(remote.with(span)));
    }

    @ResponseFilter
    void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(SPAN, Span.class).ifPresent(Span::end);
    }

    /** Makes the request's context current on each thread that runs a part of the request. */
    private record Current(Context context) implements ThreadPropagatedContextElement<Scope> {
        @Override
        public Scope updateThreadContext() {
            return context.makeCurrent();
        }

        @Override
        public void restoreThreadContext(Scope scope) {
            scope.close();
        }
    }
}
