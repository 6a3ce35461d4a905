package io.bgtasks.jobrunr;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.arguments.ExactlyAsAdded;
import io.bgtasks.arguments.Sample;
import io.bgtasks.arguments.Stored;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JobRunr round trip of generated arguments: submitted with {@code addTask}, stored as a job by the backend's
 * hand-off (JobRunr's Jackson 3 JSON in a text column), read back through JobRunr's storage provider and run the
 * way the job handler runs a batch. No worker runs: the test reads each job itself.
 */
final class StoredArguments {
    private StoredArguments() {
    }

    static ApplicationContext start(Map<String, String> storage) {
        Map<String, String> properties = new HashMap<>(storage);
        properties.put("bgtasks.backend", "jobrunr");
        properties.put("bgtasks.worker.enabled", "false");
        return ApplicationContext.builder().properties(new HashMap<>(properties)).start();
    }

    static void check(ApplicationContext context, List<Sample> samples) throws Exception {
        List<TaskHandle> handles = context.getBean(TaskSubmitter.class).submit(t -> samples.forEach(s -> s.addTo(t)));
        UUID id = UUID.fromString(handles.get(0).batchId());
        BatchJob job = BatchJob.of(context.getBean(JobRunrStorage.class).provider().getJobById(id)).orElseThrow();
        ExactlyAsAdded.check(samples, Stored.run(context, job.payload()));
    }
}
