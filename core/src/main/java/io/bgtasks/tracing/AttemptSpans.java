package io.bgtasks.tracing;

import io.bgtasks.engine.AttemptScope;
import io.bgtasks.engine.Step;
import io.bgtasks.engine.TaskObserver;
import io.bgtasks.spi.TraceHeaders;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;

/**
 * A span around each attempt of a step, on every backend, when the application has the OpenTelemetry API: named
 * {@code bgtasks <task name>}, kind CONSUMER, current while the task runs so that the task's own spans nest under it.
 * After OpenTelemetry's messaging conventions, a step's first attempt is a child of the span the batch was submitted in
 * (stored with the batch as {@link TraceHeaders}); a retry starts a trace of its own with a link to that span, so that
 * a request's trace does not stretch over the retries' delays. The tracer comes from the application's
 * {@link OpenTelemetry} bean, else from {@link GlobalOpenTelemetry} (the Java agent's, or one the application set).
 * See docs/operations.md, Tracing.
 */
@Singleton
@Requires(classes = OpenTelemetry.class)
final class AttemptSpans implements TaskObserver {
    static final String INSTRUMENTATION = "io.bgtasks";
    static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("bgtasks.batch.id");
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("bgtasks.task.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("bgtasks.task.attempt");
    static final AttributeKey<String> BACKEND = AttributeKey.stringKey("bgtasks.backend");

    private final BeanProvider<OpenTelemetry> application;
    private volatile Tracer tracer;
    private volatile Boolean hasBean;

    AttemptSpans(BeanProvider<OpenTelemetry> application) {
        this.application = application;
    }

    // resolved at an attempt, not at start-up: an agent or an SDK set up by the application may register the global
    // instance after this bean was created. While nothing is registered, attempts get a no-op tracer and the global
    // is left unset: GlobalOpenTelemetry.get() would fix it to no-op, and the application's own set() would then fail
    private Tracer tracer() {
        Tracer t = tracer;
        if (t != null) {
            return t;
        }
        Boolean bean = hasBean;
        if (bean == null) {
            bean = application.isPresent();
            hasBean = bean;
        }
        OpenTelemetry otel = bean ? application.get() : globalIfSet();
        if (otel == null) {
            return OpenTelemetry.noop().getTracer(INSTRUMENTATION);
        }
        t = otel.getTracer(INSTRUMENTATION);
        tracer = t;
        return t;
    }

    private static @Nullable OpenTelemetry globalIfSet() {
        try {
            return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null;
        } catch (NoSuchMethodError olderApi) {
            return GlobalOpenTelemetry.get(); // an API before isSet(): get() is all there is
        }
    }

    @Override
    public AttemptScope entered(String backend, String batchId, Step step, int attempt, @Nullable TraceHeaders trace) {
        SpanBuilder builder = tracer().spanBuilder("bgtasks " + step.name())
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(BATCH_ID, batchId)
            .setAttribute(TASK_ID, step.taskId())
            .setAttribute(ATTEMPT, (long) attempt)
            .setAttribute(BACKEND, backend);
        Context submitted = trace == null ? Context.root() : W3cTrace.extract(trace);
        SpanContext origin = Span.fromContext(submitted).getSpanContext();
        // never the worker thread's own context: what a task belongs to is what was stored with its batch
        if (attempt == 1 && origin.isValid()) {
            builder.setParent(submitted);
        } else {
            builder.setNoParent();
            if (origin.isValid()) {
                builder.addLink(origin);
            }
        }
        Span span = builder.startSpan();
        Scope current = span.makeCurrent();
        return new AttemptScope() {
            @Override
            public void failed(Throwable error) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, error.getClass().getName());
            }

            @Override
            public void close() {
                current.close();
                span.end();
            }
        };
    }
}
