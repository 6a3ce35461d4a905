package io.bgtasks.app;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.TaskHandle;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** FastAPI's background-task examples, in Micronaut. */
@Controller
class NotificationController {

    /** What the endpoints answer: a message and the ids of the queued tasks (see {@code GET /tasks/{id}}). */
    @Serdeable
    record Queued(String message, List<String> taskIds) {
        static Queued of(String message, BackgroundTasks tasks) {
            return new Queued(message, tasks.handles().stream().map(TaskHandle::id).toList());
        }
    }

    // tag::send-notification[]
    @Post("/send-notification")
    HttpResponse<Queued> sendNotification(@QueryValue String email, BackgroundTasks tasks) {
        tasks.addTask(NotificationTasks::notifyByLog, email);
        return HttpResponse.accepted().body(Queued.of("Notification sent in the background", tasks));
    }
    // end::send-notification[]

    @Post("/send")
    HttpResponse<Queued> send(@QueryValue String msg, BackgroundTasks tasks) {
        tasks.addTask(NotificationTasks::write, msg);
        return HttpResponse.accepted().body(Queued.of("Message will be written in the background", tasks));
    }
}
