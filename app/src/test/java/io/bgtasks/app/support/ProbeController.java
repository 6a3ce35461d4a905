package io.bgtasks.app.support;

import io.bgtasks.BackgroundTasks;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

/** Endpoints that queue {@link ProbeTasks}. */
@Controller("/probe")
@Requires(property = "bgtasks.backend", value = "redis")
public class ProbeController {

    @Post("/mark")
    HttpResponse<?> mark(@QueryValue String key, @QueryValue String label, BackgroundTasks tasks) {
        tasks.addTask(ProbeTasks::mark, key, label);
        return HttpResponse.accepted();
    }

    @Post("/sleep")
    HttpResponse<?> sleep(@QueryValue String key, @QueryValue String label, @QueryValue long millis, BackgroundTasks tasks) {
        tasks.addTask(ProbeTasks::sleepThenMark, key, label, millis);
        return HttpResponse.accepted();
    }
}
