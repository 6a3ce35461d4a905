/**
 * The JobRunr backend ({@code bgtasks.backend=jobrunr}): a request's batch is one JobRunr job, stored in an
 * embedded H2 file (default) or a shared PostgreSQL before the response is written, and run step by step by
 * any JobRunr server sharing that storage. See docs/jobrunr.md.
 *
 * <p>Every bean of this package loads only with {@code bgtasks.backend=jobrunr}: the condition lives here once.
 */
@Configuration
@Requires(property = "bgtasks.backend", value = "jobrunr")
package io.bgtasks.jobrunr;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
