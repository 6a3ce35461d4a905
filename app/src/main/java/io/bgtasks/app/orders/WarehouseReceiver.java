package io.bgtasks.app.orders;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in warehouse: receives the notifications {@link OrderTasks#notifyWarehouse} sends, so the demo needs
 * no other service. Point {@code bgtasks-app.warehouse-url} at a real one.
 */
@Controller("/warehouse/notifications")
class WarehouseReceiver {
    private final List<String> received = new CopyOnWriteArrayList<>();

    @Post(consumes = "application/json")
    HttpResponse<?> receive(@Body String notification) {
        received.add(notification);
        return HttpResponse.accepted();
    }

    @Get
    List<String> received() {
        return List.copyOf(received);
    }
}
