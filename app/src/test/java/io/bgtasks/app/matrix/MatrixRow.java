package io.bgtasks.app.matrix;

/**
 * One cell of the failure matrix.
 *
 * @param scenario the failure
 * @param backend  the backend
 * @param outcome  what happened (ran / retried n times / lost / recovered after t s / dead-lettered / skipped)
 * @param figures  what was measured
 */
record MatrixRow(String scenario, String backend, String outcome, String figures) {
}
