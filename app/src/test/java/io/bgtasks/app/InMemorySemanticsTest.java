package io.bgtasks.app;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** The shared semantics on the default, in-memory backend. */
@MicronautTest
class InMemorySemanticsTest extends BackgroundTasksSemantics {
    @Override
    protected String failureLogger() {
        return "io.bgtasks.inmemory";
    }
}
