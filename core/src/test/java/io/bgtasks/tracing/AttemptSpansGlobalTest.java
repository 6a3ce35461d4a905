package io.bgtasks.tracing;

import io.bgtasks.RetryPolicy;
import io.bgtasks.engine.AttemptScope;
import io.bgtasks.engine.Step;
import io.micronaut.context.BeanProvider;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without an OpenTelemetry bean, attempts use the global instance once something registered it, and never fix the
 * global to no-op before that (which would make the application's own {@code GlobalOpenTelemetry.set} fail).
 */
@Isolated
class AttemptSpansGlobalTest {
    private static final BeanProvider<OpenTelemetry> NO_BEAN = new BeanProvider<>() {
        @Override
        public OpenTelemetry get() {
            throw new IllegalStateException("no bean");
        }

        @Override
        public boolean isPresent() {
            return false;
        }
    };

    private static final Step STEP = new Step() {
        @Override
        public String taskId() {
            return "01a22f2a-30d8-7972-8df5-f20ee5a84b95.0";
        }

        @Override
        public String name() {
            return "Tasks#run";
        }

        @Override
        public RetryPolicy policy() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void invoke() {
        }
    };

    @AfterEach
    void reset() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void attemptsBeforeTheApplicationRegistersItsGlobalInstanceLeaveItUnsetThenUseIt() {
        GlobalOpenTelemetry.resetForTest();
        AttemptSpans spans = new AttemptSpans(NO_BEAN);
        try (AttemptScope ignored = spans.entered("redis", "01a22f2a-30d8-7972-8df5-f20ee5a84b95", STEP, 1, null)) {
            // an attempt with nothing registered: a no-op span
        }
        assertFalse(GlobalOpenTelemetry.isSet(), "the attempt fixed the global instance");

        InMemorySpanExporter exported = InMemorySpanExporter.create();
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build());
        try (AttemptScope ignored = spans.entered("redis", "01a22f2a-30d8-7972-8df5-f20ee5a84b95", STEP, 1, null)) {
            // now traced
        }
        assertEquals(1, exported.getFinishedSpanItems().size());
        assertTrue(exported.getFinishedSpanItems().getFirst().getName().contains("Tasks#run"));
    }
}
