package io.bgtasks.app.orders;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.TaskHandle;
import io.bgtasks.app.db.Database;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /order-checkout}: save the order, then confirm, notify the warehouse, update the inventory, in order. */
@Controller
class OrderController {
    private final Database database;

    OrderController(Database database) {
        this.database = database;
    }

    /** One line of an order. @param sku the product @param qty how many */
    @Serdeable
    record Item(String sku, int qty) {
    }

    /** The request. @param email the buyer @param items what they buy */
    @Serdeable
    record Checkout(String email, List<Item> items) {
    }

    /** The answer. @param orderId the order @param taskIds the queued tasks, in order */
    @Serdeable
    record Placed(String orderId, List<String> taskIds) {
    }

    @Post("/order-checkout")
    HttpResponse<?> checkout(@Body Checkout checkout, BackgroundTasks tasks) throws SQLException {
        if (checkout.email() == null || checkout.items() == null || checkout.items().isEmpty()
            || checkout.items().stream().anyMatch(i -> i.sku() == null || i.qty() <= 0)) {
            return HttpResponse.badRequest(Map.of("message", "email and at least one item (sku, qty > 0) are required"));
        }
        String id = UUID.randomUUID().toString();
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement o = c.prepareStatement("INSERT INTO orders (id, email, created_at) VALUES (?, ?, ?)");
                 PreparedStatement i = c.prepareStatement("INSERT INTO order_items (order_id, sku, qty) VALUES (?, ?, ?)")) {
                o.setString(1, id);
                o.setString(2, checkout.email());
                o.setObject(3, OffsetDateTime.now());
                o.executeUpdate();
                for (Item item : checkout.items()) {
                    i.setString(1, id);
                    i.setString(2, item.sku());
                    i.setInt(3, item.qty());
                    i.addBatch();
                }
                i.executeBatch();
            }
            c.commit();
        }
        tasks.addTask(OrderTasks::sendConfirmation, id);
        tasks.addTask(OrderTasks::notifyWarehouse, id);
        tasks.addTask(OrderTasks::updateInventory, id);
        return HttpResponse.created(new Placed(id, tasks.handles().stream().map(TaskHandle::id).toList()));
    }

    @Get("/inventory")
    Map<String, Integer> inventory() throws SQLException {
        Map<String, Integer> stock = new LinkedHashMap<>();
        try (Connection c = database.connection();
             ResultSet r = c.createStatement().executeQuery("SELECT sku, stock FROM inventory ORDER BY sku")) {
            while (r.next()) {
                stock.put(r.getString(1), r.getInt(2));
            }
        }
        return stock;
    }
}
