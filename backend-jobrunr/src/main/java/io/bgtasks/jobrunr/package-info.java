/**
 * The JobRunr backend (durable, on JobRunr 8.7 with H2 or PostgreSQL storage): not built yet, see the project's issues.
 */
package io.bgtasks.jobrunr;
