package io.bgtasks.app.status;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** Pushed status changes in memory: the status store tells the stream. */
@MicronautTest
@Property(name = "bgtasks.status-endpoint.poll-interval", value = StatusPushChecks.SLOW)
@Property(name = "bgtasks.status-endpoint.fallback-interval", value = StatusPushChecks.SLOW)
class InMemoryStatusPushTest extends StatusPushChecks {
}
