package io.bgtasks.bench;

import io.bgtasks.BackgroundTasks;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.concurrent.atomic.AtomicInteger;

/** The response-overhead pair: the same trivial endpoint, without tasks and with three no-op tasks. */
@Controller("/bench")
class BenchController {
    private final AtomicInteger requests = new AtomicInteger();

    @Get(value = "/none", produces = MediaType.TEXT_PLAIN)
    String none() {
        requests.incrementAndGet();
        return "ok";
    }

    @Get(value = "/three", produces = MediaType.TEXT_PLAIN)
    String three(BackgroundTasks tasks) {
        int i = requests.incrementAndGet();
        tasks.addTask(NoopTasks::noop, i);
        tasks.addTask(NoopTasks::noop, i);
        tasks.addTask(NoopTasks::noop, i);
        return "ok";
    }
}
