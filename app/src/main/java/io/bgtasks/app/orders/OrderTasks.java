package io.bgtasks.app.orders;

import io.bgtasks.TaskHandler;
import io.bgtasks.app.db.Database;
import io.bgtasks.app.mail.Mailer;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three steps after a checkout, run in this order: confirm, tell the warehouse, update the inventory. */
@TaskHandler
public class OrderTasks {
    private final Database database;
    private final Mailer mailer;
    private final String configuredWarehouse;
    private final BeanProvider<EmbeddedServer> server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OrderTasks(Database database, Mailer mailer, @Value("${bgtasks-app.warehouse-url:}") String warehouse,
               BeanProvider<EmbeddedServer> server) {
        this.database = database;
        this.mailer = mailer;
        this.configuredWarehouse = warehouse;
        this.server = server;
    }

    /** The configured warehouse, else this app's own demo receiver (else port 8080 on this host, for a worker-only process). */
    private URI warehouse() {
        if (!configuredWarehouse.isBlank()) {
            return URI.create(configuredWarehouse);
        }
        EmbeddedServer web = server.isPresent() ? server.get() : null;
        return web != null && web.isRunning() ? web.getURI().resolve("/warehouse/notifications")
            : URI.create("http://127.0.0.1:8080/warehouse/notifications");
    }

    /**
     * Mails the order confirmation.
     *
     * @param orderId the order
     * @throws Exception when the order is missing or the mail cannot be sent
     */
    public void sendConfirmation(String orderId) throws Exception {
        Order order = load(orderId);
        StringBuilder body = new StringBuilder("Your order ").append(orderId).append(":\n");
        order.items().forEach((sku, qty) -> body.append("  ").append(qty).append(" x ").append(sku).append('\n'));
        mailer.send(order.email(), "Order " + orderId + " confirmed", body.toString());
    }

    /**
     * Tells the warehouse over HTTP.
     *
     * @param orderId the order
     * @throws Exception when the warehouse does not answer 2xx (the step fails; a durable backend retries it)
     */
    public void notifyWarehouse(String orderId) throws Exception {
        Order order = load(orderId);
        StringBuilder json = new StringBuilder("{\"orderId\":\"").append(orderId).append("\",\"items\":{");
        order.items().forEach((sku, qty) -> json.append('"').append(sku).append("\":").append(qty).append(','));
        json.setLength(json.length() - 1);
        json.append("}}");
        URI warehouse = warehouse();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(warehouse).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("warehouse at " + warehouse + " answered " + response.statusCode());
        }
    }

    /**
     * Takes the ordered items out of stock, once: the order's flag makes a redelivered task (at-least-once on the
     * durable backends) change nothing.
     *
     * @param orderId the order
     * @throws SQLException when the database fails
     */
    public void updateInventory(String orderId) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement claim = c.prepareStatement(
                "UPDATE orders SET inventory_applied = TRUE WHERE id = ? AND inventory_applied = FALSE")) {
                claim.setString(1, orderId);
                if (claim.executeUpdate() == 0) {
                    c.rollback();
                    return;
                }
            }
            try (PreparedStatement take = c.prepareStatement(
                "UPDATE inventory i SET stock = stock - (SELECT qty FROM order_items o WHERE o.order_id = ? AND o.sku = i.sku) "
                    + "WHERE sku IN (SELECT sku FROM order_items WHERE order_id = ?)")) {
                take.setString(1, orderId);
                take.setString(2, orderId);
                take.executeUpdate();
            }
            c.commit();
        }
    }

    private record Order(String email, Map<String, Integer> items) {
    }

    private Order load(String orderId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement o = c.prepareStatement("SELECT email FROM orders WHERE id = ?");
             PreparedStatement i = c.prepareStatement("SELECT sku, qty FROM order_items WHERE order_id = ? ORDER BY sku")) {
            o.setString(1, orderId);
            String email;
            try (ResultSet r = o.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("no order " + orderId);
                }
                email = r.getString(1);
            }
            i.setString(1, orderId);
            Map<String, Integer> items = new LinkedHashMap<>();
            try (ResultSet r = i.executeQuery()) {
                while (r.next()) {
                    items.put(r.getString(1), r.getInt(2));
                }
            }
            return new Order(email, items);
        }
    }
}
