package io.bgtasks.app.support;

import io.bgtasks.BackgroundTasks;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

/** Endpoints that queue {@link FileProbeTasks}. */
@Controller("/file-probe")
@Requires(property = "bgtasks.test.probe-dir")
public class FileProbeController {

    @Post("/mark")
    HttpResponse<?> mark(@QueryValue String key, @QueryValue String label, BackgroundTasks tasks) {
        tasks.addTask(FileProbeTasks::mark, key, label);
        return HttpResponse.accepted();
    }

    @Post("/mark-later")
    HttpResponse<?> markLater(@QueryValue String key, @QueryValue String label, @QueryValue long startAtMillis,
                              BackgroundTasks tasks) {
        tasks.startAt(java.time.Instant.ofEpochMilli(startAtMillis));
        tasks.addTask(FileProbeTasks::mark, key, label);
        return HttpResponse.accepted();
    }

    @Post("/sleep")
    HttpResponse<?> sleep(@QueryValue String key, @QueryValue String label, @QueryValue long millis, BackgroundTasks tasks) {
        tasks.addTask(FileProbeTasks::sleepThenMark, key, label, millis);
        return HttpResponse.accepted();
    }
}
