package com.example.signup;

import io.bgtasks.BackgroundTasks;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

/** Signs a user up and sends the welcome in the background. */
@Controller
class SignupController {
    // tag::controller[]
    @Post("/signup")
    HttpResponse<?> signup(@QueryValue String email, BackgroundTasks tasks) {
        tasks.addTask(WelcomeTasks::sendWelcome, new Welcome(email, "trial", 14));
        return HttpResponse.accepted();
    }
    // end::controller[]
}
