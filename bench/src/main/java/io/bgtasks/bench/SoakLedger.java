package io.bgtasks.bench;

import redis.clients.jedis.RedisClient;

/**
 * Which soak tasks ran, kept in a Redis of its own ({@link SoakSettings#LEDGER_URL}) so that it survives the SIGKILLed
 * workers and stays out of the measured memory: a bitmap with bit {@code i} set once task {@code i} ran (its count is
 * the distinct tasks run, 1 bit each) and a counter of all runs (the excess over the distinct count is the tasks run
 * more than once, at-least-once delivery after a kill). The key names carry the backend, so two runs can share it.
 */
final class SoakLedger {
    private static volatile RedisClient client;
    /** The backend whose ledger this JVM writes: from the coordinator's call, or SOAK_BACKEND in a child. */
    private static volatile String backend = Knobs.env("SOAK_BACKEND", "none");

    private SoakLedger() {
    }

    private static RedisClient client() {
        RedisClient c = client;
        if (c == null) {
            synchronized (SoakLedger.class) {
                if (client == null) {
                    client = RedisClient.create(SoakSettings.LEDGER_URL);
                }
                c = client;
            }
        }
        return c;
    }

    static void use(String backendName) {
        backend = backendName;
    }

    private static String key(String what) {
        return "soak:" + backend + ":" + what;
    }

    static void ran(int i) {
        client().setbit(key("ran"), i, true);
        client().incr(key("runs"));
    }

    /** Empties the ledger of this backend, before a run. */
    static void reset() {
        client().del(key("ran"), key("runs"));
    }

    /** @return the number of distinct tasks that ran */
    static long distinct() {
        return client().bitcount(key("ran"));
    }

    /** @return the number of runs, repeats included */
    static long runs() {
        String v = client().get(key("runs"));
        return v == null ? 0 : Long.parseLong(v);
    }

    /** @return the first of tasks 0..n-1 that never ran, or -1 */
    static long firstMissing(long n) {
        long pos = client().bitpos(key("ran"), false);
        return pos >= 0 && pos < n ? pos : -1;
    }
}
