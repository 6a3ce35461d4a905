/**
 * The JobRunr backend ({@code bgtasks.backend=jobrunr}): a request's batch is one JobRunr job, stored in an
 * embedded H2 file (default) or a shared PostgreSQL before the response is written, and run step by step by
 * any JobRunr server sharing that storage. See docs/jobrunr.md.
 */
package io.bgtasks.jobrunr;
