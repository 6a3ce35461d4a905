package io.bgtasks.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered ids (UUID version 7): sortable by creation time, which keeps Redis and SQL indexes
 * compact, and unguessable enough to be shown to clients.
 */
public final class TaskIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskIds() {
    }

    /** @return a new UUIDv7 string */
    public static String next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextLong();
        long randB = RANDOM.nextLong();
        long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
