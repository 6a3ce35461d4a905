package io.bgtasks.deadletter;

import io.bgtasks.paging.KeysetPage;
import io.bgtasks.paging.Pages;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Map;

/**
 * Dead letters over HTTP: {@code GET /dead-letters?after=&limit=} (keyset pages, newest first: pass a page's
 * {@code next} as {@code after}; a cursor that is not one is a 400), {@code POST /dead-letters/{batchId}/requeue},
 * {@code DELETE /dead-letters/{batchId}}. Enable with {@code bgtasks.dead-letters-endpoint.enabled=true}; it
 * exists only on a backend with dead letters. Protect it like any admin endpoint.
 */
@Controller("${bgtasks.dead-letters-endpoint.path:/dead-letters}")
@Requires(property = "bgtasks.dead-letters-endpoint.enabled", value = "true")
@Requires(beans = DeadLetters.class)
@ExecuteOn(TaskExecutors.BLOCKING)
class DeadLetterController {
    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * A page of dead letters.
     * @param total how many there are
     * @param items this page, newest first
     * @param next  the cursor of the next (older) page, to pass as {@code after}; null on the last page
     */
    @io.micronaut.serde.annotation.Serdeable
    record Page(long total, List<DeadLetter> items, @Nullable String next) {
    }

    @Get
    Page list(@QueryValue @Nullable String after, @QueryValue(defaultValue = "50") int limit) {
        KeysetPage<DeadLetter> page = deadLetters.page(after, Pages.limit(limit));
        return new Page(deadLetters.count(), page.items(), page.next());
    }

    @Post("/{batchId}/requeue")
    HttpResponse<?> requeue(@PathVariable String batchId) {
        return deadLetters.requeue(batchId)
            ? HttpResponse.accepted().body(Map.of("requeued", batchId))
            : HttpResponse.notFound(Map.of("message", "no dead letter with id " + batchId));
    }

    @Delete("/{batchId}")
    HttpResponse<?> delete(@PathVariable String batchId) {
        return deadLetters.delete(batchId)
            ? HttpResponse.noContent()
            : HttpResponse.notFound(Map.of("message", "no dead letter with id " + batchId));
    }
}
