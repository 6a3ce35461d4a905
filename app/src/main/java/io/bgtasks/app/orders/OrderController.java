package io.bgtasks.app.orders;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.TaskHandle;
import io.bgtasks.app.Inputs;
import io.bgtasks.app.db.Database;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;

/** {@code POST /order-checkout}: save the order, then confirm, notify the warehouse, update the inventory, in order. */
@Controller
class OrderController {
    private final Database database;

    OrderController(Database database) {
        this.database = database;
    }

    /**
     * One line of an order.
     * @param sku the product
     * @param qty how many
     */
    @Serdeable
    record Item(@NotBlank @Size(max = 64) @Pattern(regexp = Inputs.NO_CONTROL_CHARACTERS) String sku,
                @Positive @Max(10_000) int qty) {
    }

    /**
     * The request.
     * @param email the buyer
     * @param items what they buy
     */
    @Serdeable
    record Checkout(@NotBlank @Email @Size(max = 320) String email, @NotEmpty @Size(max = 100) List<@Valid @NotNull Item> items) {
    }

    /**
     * The answer.
     * @param orderId the order
     * @param taskIds the queued tasks, in order
     */
    @Serdeable
    record Placed(String orderId, List<String> taskIds) {
    }

    @Post("/order-checkout")
    HttpResponse<?> checkout(@Valid @Body Checkout checkout, BackgroundTasks tasks) throws SQLException {
        Set<String> skus = new HashSet<>();
        for (Item item : checkout.items()) {
            if (!skus.add(item.sku())) {
                return HttpResponse.badRequest(Map.of("message", "sku " + item.sku() + " appears twice: give it once, with its total qty"));
            }
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
