package io.bgtasks.internal;

import io.bgtasks.NotDurableTaskException;
import io.bgtasks.arguments.Deliveries;
import io.bgtasks.arguments.ExactlyAsAdded;
import io.bgtasks.arguments.Sample;
import io.bgtasks.arguments.Samples;
import io.bgtasks.arguments.Stored;
import io.bgtasks.arguments.Tries;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.engine.TaskInvoker;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every supported argument arrives exactly as added, through addTask's own check ({@link TaskCallFactory}) and
 * then both ways a task is run: in this JVM (the in-memory backend invokes the {@link TaskCall}) and from a
 * stored payload (the durable workers decode the batch and invoke each step by name). The storage itself is
 * covered in each durable backend's module.
 */
class ArgumentRoundTripPropertyTest {
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        // core alone has no backend: a sink that stores nothing satisfies the start-up check
        context = ApplicationContext.builder().singletons(new NoSink()).start();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    /** Tasks are run by the test itself. */
    private static final class NoSink implements TaskSink {
        @Override
        public HandOff handOff() {
            return HandOff.AFTER_RESPONSE;
        }

        @Override
        public void submit(TaskBatch batch) {
            throw new UnsupportedOperationException("the test runs the calls itself");
        }

        @Override
        public boolean awaitIdle(Duration timeout) {
            return true;
        }
    }

    @Test
    void everySupportedArgumentArrivesExactly() {
        TaskCallFactory factory = context.getBean(TaskCallFactory.class);
        TaskInvoker invoker = context.getBean(TaskInvoker.class);
        Tries.check(500, Samples.batches(), samples -> {
            List<TaskCall> calls = new ArrayList<>();
            for (Sample sample : samples) {
                calls.add(factory.create(sample.task(), new Object[]{sample.value()}, bean -> { }, "b." + calls.size()));
            }
            Deliveries.take();
            for (TaskCall call : calls) {
                invoker.invoke(call);
            }
            ExactlyAsAdded.check(samples, Deliveries.take());

            String payload = context.getBean(BatchCodec.class).encode(new TaskBatch("b", calls, Instant.now()));
            ExactlyAsAdded.check(samples, Stored.run(context, payload));
        });
    }

    @Test
    void unsupportedShapesAreRefusedWithAFix() {
        TaskCallFactory factory = context.getBean(TaskCallFactory.class);
        Tries.check(200, Samples.refused(), sample -> {
            NotDurableTaskException e = assertThrows(NotDurableTaskException.class,
                () -> factory.create(sample.task(), new Object[]{sample.value()}, bean -> { }, "b.0"));
            assertFalse(e.getMessage().isBlank());
        });
    }
}
