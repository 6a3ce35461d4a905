package io.bgtasks.redis;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The batches this process finished and has not yet acknowledged in Redis. The thread that ran a batch records its
 * completion here ({@link #completed}); the worker's fetcher writes them all with its next {@code fetch.lua} call,
 * or at once when it is idle, so acknowledging costs no round trip of its own. Why batch instead of one write per
 * batch from the thread that ran it: see "Acknowledging finished batches" in docs/performance.md. The wait is one
 * fetch round, far inside the lease; should the process die before the write, the batch runs once more after its
 * lease, as any batch of a dead worker does (at least once).
 */
@Singleton
final class Acknowledgements {
    private final ConcurrentLinkedQueue<Ack> finished = new ConcurrentLinkedQueue<>();

    /**
     * A batch whose every step succeeded.
     *
     * @param batchId the batch
     * @param names   its steps' task names, comma-separated: what its lean finished record keeps instead of the payload
     */
    record Ack(String batchId, String names) {
    }

    /** Records that every step of the batch succeeded; the fetcher writes it to Redis soon. */
    void completed(String batchId, String names) {
        finished.add(new Ack(batchId, names));
    }

    boolean isEmpty() {
        return finished.isEmpty();
    }

    /** Takes every completion recorded so far, to send with one script call. */
    List<Ack> take() {
        List<Ack> ids = new ArrayList<>();
        for (Ack ack; (ack = finished.poll()) != null; ) {
            ids.add(ack);
        }
        return ids;
    }

    /** Puts back completions whose script call failed: they go with the next one. */
    void restore(Collection<Ack> ids) {
        finished.addAll(ids);
    }
}
