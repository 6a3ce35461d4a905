package io.bgtasks.contract;

import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Reads the task spans of one batch from the contract context's {@link ContractTracing} exporter. */
final class ContractSpans {
    static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("bgtasks.batch.id");
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("bgtasks.task.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("bgtasks.task.attempt");
    static final AttributeKey<String> BACKEND = AttributeKey.stringKey("bgtasks.backend");

    private ContractSpans() {
    }

    /**
     * Waits until {@code count} spans of the batch ended (a span ends just after its task returned, so the journal is
     * written before it); the tests share the exporter, so only this batch's spans are read.
     *
     * @return them, by task id and attempt
     */
    static List<SpanData> await(ApplicationContext context, String batchId, int count, Duration timeout)
        throws InterruptedException {
        InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SpanData> found;
        do {
            found = exporter.getFinishedSpanItems().stream()
                .filter(s -> batchId.equals(s.getAttributes().get(BATCH_ID)))
                .sorted(Comparator.<SpanData, String>comparing(s -> s.getAttributes().get(TASK_ID))
                    .thenComparing(s -> s.getAttributes().get(ATTEMPT)))
                .toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("batch " + batchId + ": " + found.size() + " of " + count + " task spans ended: " + found);
    }
}
