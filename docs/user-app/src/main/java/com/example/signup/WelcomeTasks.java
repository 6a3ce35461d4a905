package com.example.signup;

import io.bgtasks.TaskHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The tasks of the sign-up service. A real one would send mail; this one appends to welcome.log. */
@TaskHandler
public class WelcomeTasks {
    private static final Path LOG = Path.of("welcome.log");

    public void sendWelcome(Welcome welcome) throws IOException {
        Files.writeString(LOG, "welcome " + welcome.email() + " to " + welcome.plan() + " for " + welcome.trialDays()
            + " days" + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
