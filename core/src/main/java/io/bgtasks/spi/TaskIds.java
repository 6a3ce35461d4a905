package io.bgtasks.spi;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batch ids are time-ordered UUIDs (version 7): sortable by creation time, which keeps Redis and SQL
 * indexes compact, and unguessable enough to be shown to clients. A task's id is its batch id, a dot and
 * its position ({@code 01a1...ba.0}), so a backend finds a task's batch without an index of its own.
 */
public final class TaskIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Ids are capabilities (the anonymous status endpoint reads by id), so their random bits stay {@link SecureRandom}'s;
     * two {@code nextLong} calls per id took the generator's lock twice, so bytes are drawn in bulk and used once each.
     * Platform threads (the event loops) keep a buffer of their own; virtual threads, which may be one per request,
     * share one behind a lock rather than each drawing a buffer it would mostly throw away.
     */
    private static final int BUFFER_IDS = 256;
    private static final ThreadLocal<RandomBuffer> PER_THREAD = ThreadLocal.withInitial(RandomBuffer::new);
    private static final RandomBuffer SHARED = new RandomBuffer();
    private static final ReentrantLock SHARED_LOCK = new ReentrantLock();

    private TaskIds() {
    }

    /**
     * @param batchId the batch id
     * @param index   the task's position in the batch, from 0
     * @return the task id
     */
    public static String taskId(String batchId, int index) {
        return batchId + "." + index;
    }

    /**
     * @param taskId a task id
     * @return its batch id and position, or null when the text is not a task id
     */
    public static TaskRef parse(String taskId) {
        int dot = taskId.lastIndexOf('.');
        if (dot <= 0 || dot == taskId.length() - 1 || taskId.length() - dot > 6) {
            return null;
        }
        try {
            int index = Integer.parseInt(taskId.substring(dot + 1));
            String batch = taskId.substring(0, dot);
            return index >= 0 && isBatchId(batch) ? new TaskRef(batch, index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A task's place: its batch and position.
     * @param batchId the batch
     * @param index the position
     */
    public record TaskRef(String batchId, int index) {
    }

    /**
     * @param text any text
     * @return whether it has the shape of a batch id (a UUID)
     */
    public static boolean isBatchId(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param key an idempotency key
     * @return the batch id derived from it (a name-based UUID): the same key always gives the same id
     */
    public static String fromKey(String key) {
        return UUID.nameUUIDFromBytes(("bgtasks:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param batchId a batch id
     * @return whether it was derived from an idempotency key by {@link #fromKey} (a version 3 UUID; new ids are version 7)
     */
    public static boolean isFromKey(String batchId) {
        return batchId.length() == 36 && batchId.charAt(14) == '3';
    }

    /** @return a new UUIDv7 string: 48 bits of milliseconds, 74 random bits from {@link SecureRandom} */
    public static String next() {
        long millis = System.currentTimeMillis();
        long randA;
        long randB;
        if (Thread.currentThread().isVirtual()) {
            SHARED_LOCK.lock();
            try {
                randA = SHARED.nextLong();
                randB = SHARED.nextLong();
            } finally {
                SHARED_LOCK.unlock();
            }
        } else {
            RandomBuffer buffer = PER_THREAD.get();
            randA = buffer.nextLong();
            randB = buffer.nextLong();
        }
        long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** Secure random bytes drawn {@link #BUFFER_IDS} ids at a time; each byte is handed out once. Not thread-safe. */
    private static final class RandomBuffer {
        private final byte[] bytes = new byte[BUFFER_IDS * 2 * Long.BYTES];
        private int next = bytes.length;

        long nextLong() {
            if (next == bytes.length) {
                RANDOM.nextBytes(bytes);
                next = 0;
            }
            long v = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                v = (v << 8) | (bytes[next++] & 0xFFL);
            }
            return v;
        }
    }
}
