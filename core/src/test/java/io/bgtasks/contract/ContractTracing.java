package io.bgtasks.contract;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * An OpenTelemetry SDK for the contract's contexts, as an application that sets one up has it: an {@link OpenTelemetry}
 * bean whose spans the tests read from an {@link InMemorySpanExporter}. Not registered as the global instance, since
 * several contexts run in one JVM.
 */
@Factory
@Requires(classes = InMemorySpanExporter.class)
public class ContractTracing {
    /** @return where the context's finished spans go */
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    /** @return the SDK, exporting each span as it ends */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(missingBeans = OpenTelemetry.class)
    OpenTelemetrySdk openTelemetry(InMemorySpanExporter spans) {
        return OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    }
}
