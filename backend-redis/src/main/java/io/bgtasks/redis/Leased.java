package io.bgtasks.redis;

/**
 * A batch a worker holds a lease on.
 *
 * @param id      the batch id
 * @param payload the stored steps (JSON)
 * @param step    the step to run (the checkpoint)
 * @param attempt which attempt of that step this is (1 = first; counts deliveries to workers that died)
 */
record Leased(String id, String payload, int step, int attempt) {
}
