package io.bgtasks.app.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * The OpenTelemetry SDK of {@link RequestTraceTest}'s context: an {@code OpenTelemetry} bean, as an application that
 * sets up the SDK has one, exporting to memory. Only in contexts with {@code tracing-test.enabled}, so that the other
 * tests of the app run as before.
 */
@Factory
@Requires(property = TracingSetup.ENABLED, value = "true")
@Requires(classes = InMemorySpanExporter.class)
class TracingSetup {
    static final String ENABLED = "tracing-test.enabled";

    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    @Singleton
    @Bean(preDestroy = "close")
    OpenTelemetrySdk openTelemetry(InMemorySpanExporter spans) {
        return OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    }
}
