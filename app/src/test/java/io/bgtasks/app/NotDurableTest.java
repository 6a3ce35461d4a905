package io.bgtasks.app;

import io.bgtasks.NotDurableTaskException;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.TestTasks;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything a durable backend could not run is refused at {@code addTask}, on the in-memory backend too,
 * with a message that names the fix; and nothing of the refused submission runs.
 */
@MicronautTest
public class NotDurableTest {
    @Inject
    TaskSubmitter submitter;

    /** Not a @TaskHandler: its methods are not on the allow-list. */
    @Singleton
    public static class PlainBean {
        public void work(String s) {
        }
    }

    /** A class JSON cannot carry: no @Serdeable. */
    public static class Opaque {
        final String value;

        public Opaque(String value) {
            this.value = value;
        }
    }

    /** Serdeable, but one field is not written: it would arrive empty. */
    @Serdeable
    public static class Lossy {
        private final String kept;
        private final transient String lost;

        public Lossy(String kept) {
            this(kept, null);
        }

        Lossy(String kept, String lost) {
            this.kept = kept;
            this.lost = lost;
        }

        public String getKept() {
            return kept;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lossy l && Objects.equals(kept, l.kept) && Objects.equals(lost, l.lost);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kept, lost);
        }

        @Override
        public String toString() {
            return "Lossy[" + kept + ", " + lost + "]";
        }
    }

    @io.bgtasks.TaskHandler
    public static class ArgTasks {
        public void opaque(Opaque o) {
        }

        public void lossy(Lossy l) {
        }

        public void count(int n) {
        }

        public void optional(Optional<String> o) {
        }

        public void point(Point p) {
        }
    }

    @Serdeable
    public record Point(int x, int y) {
    }

    String refused(Runnable addTask) {
        NotDurableTaskException e = assertThrows(NotDurableTaskException.class, addTask::run);
        return e.getMessage();
    }

    @Test
    void aLambdaIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(() -> System.out.println("hi"))));
        assertTrue(message.contains("lambda"), message);
        assertTrue(message.contains("@TaskHandler"), message);
        assertTrue(message.contains("in-memory backend"), message);
    }

    @Test
    void aLambdaCapturingStateIsRefused() {
        StringBuilder state = new StringBuilder();
        String message = refused(() -> submitter.submit(t -> t.addTask((String s) -> state.append(s), "x")));
        assertTrue(message.contains("captured state"), message);
    }

    @Test
    void aLambdaOnABeanIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask((TestTasks b, String k) -> b.record(k, "x"), "k")));
        assertTrue(message.contains("method reference"), message);
    }

    @Test
    void anAnonymousClassIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(new io.bgtasks.TaskMethod.Fn0() {
            @Override
            public void run() {
            }
        })));
        assertTrue(message.contains("not a method reference"), message);
    }

    @Test
    void aConstructorReferenceIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(Opaque::new, "x")));
        assertTrue(message.contains("constructor reference"), message);
    }

    @Test
    void aMethodOfABeanThatIsNotATaskHandlerIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(PlainBean::work, "x")));
        assertTrue(message.contains("PlainBean::work is not a registered task"), message);
        assertTrue(message.contains("Annotate io.bgtasks.app.NotDurableTest$PlainBean with @io.bgtasks.TaskHandler"), message);
    }

    @Test
    void aMethodOfAJdkClassIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(String::valueOf, (Object) "x")));
        assertTrue(message.contains("not a registered task"), message);
    }

    @Test
    void anArgumentWithoutJsonShapeIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(ArgTasks::opaque, new Opaque("x"))));
        assertTrue(message.contains("argument 1 of io.bgtasks.app.NotDurableTest$ArgTasks#opaque"), message);
        assertTrue(message.contains("@Serdeable"), message);
    }

    @Test
    void anArgumentThatLosesDataInJsonIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(ArgTasks::lossy, new Lossy("kept", "lost"))));
        assertTrue(message.contains("does not survive a JSON round trip"), message);
        assertTrue(message.contains("Lossy[kept, lost]") && message.contains("Lossy[kept, null]"), message);
    }

    @Test
    void nullForAPrimitiveIsRefused() {
        String message = refused(() -> submitter.submit(t -> t.addTask(ArgTasks::count, (Integer) null)));
        assertTrue(message.contains("primitive"), message);
    }

    @Test
    void aRefusedTaskLeavesNothingOfItsSubmission() {
        // the first task is fine, the second is refused: the batch is never handed off
        assertThrows(NotDurableTaskException.class, () -> submitter.submit(t -> {
            t.addTask(TestTasks::record, "refused-batch", "first");
            t.addTask(ArgTasks::opaque, new Opaque("x"));
        }));
    }

    @Test
    void valuesThatSurviveJsonAreAccepted() {
        assertEquals(1, submitter.submit(t -> t.addTask(ArgTasks::point, new Point(1, 2))).size());
        assertEquals(1, submitter.submit(t -> t.addTask(ArgTasks::count, 3)).size());
        assertEquals(1, submitter.submit(t -> t.addTask(ArgTasks::optional, Optional.of("x"))).size());
        assertEquals(1, submitter.submit(t -> t.addTask(ArgTasks::lossy, new Lossy("kept"))).size());
        assertEquals(List.of(), submitter.submit(t -> { }));
    }
}
