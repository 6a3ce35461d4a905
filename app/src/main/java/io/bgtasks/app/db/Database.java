package io.bgtasks.app.db;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The example shop's database: an embedded H2 file by default ({@code AUTO_SERVER} lets a worker-only process on the
 * same machine open it too), any H2 URL by {@code bgtasks-app.database-url}. Plain JDBC: the point of the app is
 * the background tasks, not the persistence layer.
 */
@Singleton
public class Database {
    private final JdbcConnectionPool pool;

    Database(@Value("${bgtasks-app.database-url:`jdbc:h2:file:./bgtasks-data/app;AUTO_SERVER=TRUE`}") String url)
        throws SQLException, InterruptedException {
        pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS users (id VARCHAR(36) PRIMARY KEY, email VARCHAR(320) NOT NULL UNIQUE, "
                + "name VARCHAR(200) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, welcomed_at TIMESTAMP WITH TIME ZONE)");
            s.execute("CREATE TABLE IF NOT EXISTS inventory (sku VARCHAR(64) PRIMARY KEY, stock INT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(36) PRIMARY KEY, email VARCHAR(320) NOT NULL, "
                + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, inventory_applied BOOLEAN DEFAULT FALSE NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS order_items (order_id VARCHAR(36) NOT NULL, sku VARCHAR(64) NOT NULL, "
                + "qty INT NOT NULL, PRIMARY KEY (order_id, sku))");
            s.execute("CREATE TABLE IF NOT EXISTS images (id VARCHAR(36) PRIMARY KEY, filename VARCHAR(255) NOT NULL, "
                + "original VARCHAR(1024) NOT NULL, thumbnail VARCHAR(1024), created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("MERGE INTO inventory KEY (sku) SELECT * FROM (VALUES ('BOOK-1', 100), ('MUG-1', 100), ('PEN-1', 100)) "
                + "WHERE NOT EXISTS (SELECT 1 FROM inventory)");
        }
    }

    /**
     * Opens the first connection. Two processes opening the same file at the same moment race for H2's lock file;
     * the loser is told to try again, which it does for a few seconds.
     */
    private Connection open() throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                if (attempt >= 25 || e.getErrorCode() != ErrorCode.DATABASE_ALREADY_OPEN_1 && e.getErrorCode() != ErrorCode.ERROR_OPENING_DATABASE_1) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** @return a pooled connection (close it) */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @PreDestroy
    void close() {
        pool.dispose();
    }
}
