package io.bgtasks.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/**
 * The example app's meters (bgtasks records its own as soon as the application has a Micrometer registry) in
 * Prometheus's text format at {@code GET /metrics}. An application with micronaut-micrometer gets the same from its
 * Prometheus endpoint instead.
 */
@Factory
public class PrometheusMetrics {

    /** @return the registry bgtasks's meters go to, and {@code /metrics} reads */
    @Singleton
    @Bean(typed = {MeterRegistry.class, PrometheusMeterRegistry.class})
    PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** {@code GET /metrics}: every meter, scraped now. */
    @Controller("/metrics")
    static class Endpoint {
        private final PrometheusMeterRegistry registry;

        Endpoint(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @Get
        @Produces("text/plain; version=0.0.4; charset=utf-8")
        String scrape() {
            return registry.scrape();
        }
    }
}
