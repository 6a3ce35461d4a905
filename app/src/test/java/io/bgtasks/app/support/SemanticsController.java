package io.bgtasks.app.support;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.RetryPolicy;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

import java.time.Duration;
import java.util.Map;

/** Endpoints that add the tasks of the semantic tests (Starlette's and FastAPI's cases, in Java). */
@Controller("/t")
public class SemanticsController {
    private final AuditTrail audit;

    SemanticsController(AuditTrail audit) {
        this.audit = audit;
    }

    @Post("/sleep")
    HttpResponse<?> sleep(@QueryValue String key, @QueryValue long millis, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::sleepThenRecord, key, "slept", millis);
        return HttpResponse.ok(Map.of("queued", tasks.handles().size()));
    }

    @Post("/three")
    HttpResponse<?> three(@QueryValue String key, @QueryValue boolean failSecond, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::record, key, "first");
        if (failSecond) {
            tasks.addTask(TestTasks::fail, key, "second");
        } else {
            tasks.addTask(TestTasks::record, key, "second");
        }
        tasks.addTask(TestTasks::record, key, "third");
        return HttpResponse.ok(Map.of("queued", 3));
    }

    @Post("/shared")
    HttpResponse<?> shared(@QueryValue String key, BackgroundTasks tasks) {
        String dependencyBatch = audit.audit(key);
        tasks.addTask(TestTasks::record, key, "handler");
        return HttpResponse.ok(Map.of("handlerBatch", tasks.batchId(), "dependencyBatch", dependencyBatch));
    }

    @Post("/mixed")
    HttpResponse<?> mixed(@QueryValue String key, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::record, key, "sync-1");
        tasks.addTask(TestTasks::asyncRecord, key, "completion-stage", 300L);
        tasks.addTask(TestTasks::reactiveRecord, key, "publisher", 300L);
        tasks.addTask(TestTasks::staticRecord, key, "static");
        tasks.addTask(TestTasks::recordThread, key);
        return HttpResponse.ok();
    }

    @Post("/handler-fails")
    HttpResponse<?> handlerFails(@QueryValue String key, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::record, key, "must-not-run");
        throw new IllegalStateException("handler failed on purpose");
    }

    @Post("/bad-request")
    HttpResponse<?> badRequest(@QueryValue String key, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::record, key, "must-not-run");
        return HttpResponse.badRequest(Map.of("message", "rejected"));
    }

    @Post("/record")
    HttpResponse<?> record(@QueryValue String key, @QueryValue String label, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::record, key, label);
        return HttpResponse.ok();
    }

    @Post("/flaky")
    HttpResponse<?> flaky(@QueryValue String key, @QueryValue int failures, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::flaky, key, failures);
        return HttpResponse.ok();
    }

    @Post("/rejects")
    HttpResponse<?> rejects(@QueryValue String key, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::rejects, key);
        return HttpResponse.ok();
    }

    @Post("/per-call-retry")
    HttpResponse<?> perCallRetry(@QueryValue String key, BackgroundTasks tasks) {
        // tag::per-call-retry[]
        tasks.addTask(TestTasks::fail, key, "per-call")
            .retry(RetryPolicy.attempts(2).withBackoff(Duration.ofMillis(50), Duration.ofMillis(50)).withJitter(0));
        // end::per-call-retry[]
        return HttpResponse.ok();
    }

    @Post("/big")
    HttpResponse<byte[]> big(@QueryValue String key, @QueryValue int megabytes, BackgroundTasks tasks) {
        tasks.addTask(TestTasks::record, key, "started");
        return HttpResponse.ok(new byte[megabytes * 1024 * 1024]);
    }

    @Post("/lambda")
    HttpResponse<?> lambda(@QueryValue String key, BackgroundTasks tasks) {
        tasks.addTask(() -> System.out.println("never " + key));
        return HttpResponse.ok();
    }
}
