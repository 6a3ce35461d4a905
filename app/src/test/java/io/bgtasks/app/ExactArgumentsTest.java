package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.NotDurableTaskException;
import io.bgtasks.TaskHandler;
import io.bgtasks.TaskSubmitter;
import io.micronaut.runtime.http.scope.RequestScope;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of "what a task receives is exactly what was added", with a user's own types, end to end through the
 * running backend's worker (subclasses run it on Redis and JobRunr).
 */
@MicronautTest
public class ExactArgumentsTest {
    static final List<Object> RECEIVED = new ArrayList<>();

    @Inject
    TaskSubmitter submitter;
    @Inject
    BackgroundWork work;

    @Serdeable
    public record Item(String sku, BigDecimal price) {
    }

    /** Private state, no accessors: JSON sees {}. */
    @Serdeable
    public static class Memo {
        private String value;

        public Memo() {
        }

        public Memo(String value) {
            this.value = value;
        }
    }

    @TaskHandler
    public static class ShopTasks {
        public void price(BigDecimal amount) {
            got(amount);
        }

        public void item(Item item) {
            got(item);
        }

        public void items(List<Item> items) {
            got(items);
        }

        public void text(String text) {
            got(text);
        }

        public void maybe(Optional<String> note) {
            got(note);
        }

        public void memo(Memo memo) {
            got(memo);
        }

        void internal(String text) {
            got(text);
        }
    }

    /** A plain request-scoped bean, no @TaskHandler. */
    @RequestScope
    public static class PerRequest {
        public void work(String text) {
        }
    }

    static synchronized void got(Object value) {
        RECEIVED.add(value);
    }

    static synchronized List<Object> received() {
        List<Object> copy = List.copyOf(RECEIVED);
        RECEIVED.clear();
        return copy;
    }

    String refused(Runnable addTask) {
        return assertThrows(NotDurableTaskException.class, addTask::run).getMessage();
    }

    @Test
    void decimalsLoneSurrogatesAndOptionalsArriveExactly() throws InterruptedException {
        received();
        List<Object> added = List.of(new BigDecimal("12345678901234567.89"), new BigDecimal("10.50"),
            new Item("a", new BigDecimal("10.50")), List.of(new Item("b", new BigDecimal("12345678901234567.89"))),
            "a\ud800b", "nul \u0000 and 😀", Optional.of("x"), Optional.empty());
        submitter.submit(t -> {
            t.addTask(ShopTasks::price, (BigDecimal) added.get(0));
            t.addTask(ShopTasks::price, (BigDecimal) added.get(1));
            t.addTask(ShopTasks::item, (Item) added.get(2));
            t.addTask(ShopTasks::items, List.of((Item) ((List<?>) added.get(3)).get(0)));
            t.addTask(ShopTasks::text, (String) added.get(4));
            t.addTask(ShopTasks::text, (String) added.get(5));
            t.addTask(ShopTasks::maybe, Optional.of("x"));
            t.addTask(ShopTasks::maybe, Optional.<String>empty());
        });
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        List<Object> got = received();
        assertEquals(added, got, "BigDecimal.equals compares the scale too, String.equals every code unit");
        assertEquals(2, ((BigDecimal) got.get(1)).scale());
    }

    @Test
    void anObjectWhoseStateJsonCannotSeeIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(ShopTasks::memo, new Memo("kept?"))));
        assertTrue(message.contains("field(s) value") && message.contains("record"), message);
    }

    @Test
    void aNullOptionalIsRefusedWithItsFix() {
        String message = refused(() -> submitter.submit(t -> t.addTask(ShopTasks::maybe, (Optional<String>) null)));
        assertTrue(message.contains("Optional.empty()"), message);
    }

    @Test
    void aMethodThatIsNotPublicIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(ShopTasks::internal, "x")));
        assertTrue(message.contains("ShopTasks::internal is not public"), message);
    }

    @Test
    void aPlainRequestScopedBeanGetsTheRequestScopeMessageAtOnce() {
        String message = refused(() -> submitter.submit(t -> t.addTask(PerRequest::work, "x")));
        assertTrue(message.contains("request-scoped"), message);
    }
}
