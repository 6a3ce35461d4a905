package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.utils.mapper.JsonMapper;

import java.util.List;

/**
 * JobRunr's job reader behind {@link StoredJobCheck}: a row that is not a bgtasks job is refused with a
 * {@link DamagedJobException} before JobRunr reads it, so the classes it names are never loaded, created or run.
 * Refused rows are then marked FAILED by {@link RowRepair}. Writing jobs is JobRunr's, unchanged.
 */
final class GuardedJobMapper extends JobMapper {
    GuardedJobMapper(JsonMapper json) {
        super(json);
    }

    @Override
    public Job deserializeJob(String json) {
        StoredJobCheck.Result checked = StoredJobCheck.check(json);
        if (checked.damaged()) {
            throw new DamagedJobException(checked.id(), checked.damage());
        }
        Job job;
        try {
            job = super.deserializeJob(json);
        } catch (RuntimeException e) {
            throw new DamagedJobException(checked.id(), "JobRunr cannot read the job: " + StoredJobCheck.abbreviate(String.valueOf(e.getMessage())));
        }
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        if (parameters.size() != 1 || parameters.get(0).isNotDeserializable() || !(parameters.get(0).getObject() instanceof BatchJob)) {
            throw new DamagedJobException(checked.id(), "JobRunr cannot read the job's argument");
        }
        return job;
    }
}
