package io.bgtasks.app;

import io.bgtasks.BgTasksApplication;

/** The bgtasks example application. */
public final class Application {
    private Application() {
    }

    /** @param args command line arguments, passed to Micronaut ({@code --bgtasks.web.enabled=false}: worker only) */
    public static void main(String[] args) {
        BgTasksApplication.run(Application.class, args);
    }
}
