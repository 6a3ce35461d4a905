package io.bgtasks.app;

import io.micronaut.runtime.Micronaut;

/** The bgtasks example application. */
public final class Application {
    private Application() {
    }

    /** @param args command line arguments, passed to Micronaut */
    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
