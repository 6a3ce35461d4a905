package io.bgtasks.jobrunr;

import io.bgtasks.spi.TraceHeaders;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.List;
import java.util.Optional;

/**
 * A batch as JobRunr stores it: the batch id and the same payload the Redis backend stores
 * ({@link io.bgtasks.engine.BatchCodec}). JobRunr serializes it with its JSON mapper, fields only.
 */
public final class BatchJob implements JobRequest {
    private String batchId;
    private String payload;
    /**
     * The progress of a batch that has just completed, between its handler and {@link RetryPolicyFilter}: JobRunr
     * clears a job's metadata when it succeeds, so the progress rides in the request and the filter moves it back
     * into the metadata before the job is saved. Null at every other time, and then not written.
     */
    private String finished;
    /** The trace the batch was submitted in ({@link TraceHeaders#encoded()}), or null: not written then. */
    private String trace;

    /** For JobRunr's JSON mapper. */
    public BatchJob() {
    }

    /**
     * @param batchId the batch id
     * @param payload the encoded steps
     */
    public BatchJob(String batchId, String payload) {
        this(batchId, payload, null);
    }

    /**
     * @param batchId the batch id
     * @param payload the encoded steps
     * @param trace   the trace the batch was submitted in, or null
     */
    public BatchJob(String batchId, String payload, TraceHeaders trace) {
        this.batchId = batchId;
        this.payload = payload;
        this.trace = trace == null ? null : trace.encoded();
    }

    /** @return the stored trace, or null when there is none or it cannot be read (stored rows may be damaged) */
    public TraceHeaders trace() {
        return TraceHeaders.parse(trace);
    }

    /** @return the batch id */
    public String batchId() {
        return batchId;
    }

    /** @return the encoded steps */
    public String payload() {
        return payload;
    }

    /** @param progress the progress of the completed batch ({@link Progress#completedRecord}) */
    void finished(String progress) {
        this.finished = progress;
    }

    /** @return the progress of the completed batch, once, or null */
    String takeFinished() {
        String progress = finished;
        finished = null;
        return progress;
    }

    @Override
    public Class<BatchJobHandler> getJobRequestHandler() {
        return BatchJobHandler.class;
    }

    /**
     * @param job any JobRunr job
     * @return whether bgtasks created it
     */
    static boolean isBatch(Job job) {
        return BatchJobHandler.class.getName().equals(job.getJobDetails().getClassName());
    }

    /**
     * @param job a bgtasks job
     * @return its request, or empty when JobRunr could not read it back
     */
    static Optional<BatchJob> of(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        if (parameters.isEmpty() || parameters.get(0).isNotDeserializable()) {
            return Optional.empty();
        }
        return parameters.get(0).getObject() instanceof BatchJob batch ? Optional.of(batch) : Optional.empty();
    }
}
