package com.example.signup;

import io.bgtasks.BgTasksApplication;

/** The sign-up service: web and worker by default, or one of them by configuration. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        // tag::main[]
        BgTasksApplication.run(Application.class, args);
        // end::main[]
    }
}
