package io.bgtasks.contract;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** A Micrometer registry for the contract's contexts, as an application with micronaut-micrometer has one. */
@Factory
@Requires(classes = SimpleMeterRegistry.class)
public class ContractMeters {
    /** @return an in-memory registry the tests read */
    @Singleton
    @Requires(missingBeans = MeterRegistry.class)
    MeterRegistry registry() {
        return new SimpleMeterRegistry();
    }
}
