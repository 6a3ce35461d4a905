package io.bgtasks.jobrunr;

import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A web-only process for {@link JobRunrInstantPickupTest}, run in a JVM of its own: opens a context without a worker
 * on the PostgreSQL tables given as arguments (url, user, password, table prefix), prints {@code ready}, then for
 * every key read from stdin stores one {@link TestTasks#record} batch and prints {@code stored <key> <epoch ms>}
 * once {@code submit} has returned. Ends at end of input.
 */
public final class PickupProducer {
    private PickupProducer() {
    }

    public static void main(String[] args) throws Exception {
        try (ApplicationContext web = ApplicationContext.run(Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.worker.enabled", "false",
            "bgtasks.jobrunr.jdbc-url", args[0],
            "bgtasks.jobrunr.username", args[1],
            "bgtasks.jobrunr.password", args[2],
            "bgtasks.jobrunr.table-prefix", args[3]))) {
            TaskSubmitter submitter = web.getBean(TaskSubmitter.class);
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String key = in.readLine(); key != null; key = in.readLine()) {
                String k = key;
                submitter.submit(t -> t.addTask(TestTasks::record, k, "picked-up"));
                System.out.println("stored " + k + " " + System.currentTimeMillis());
                System.out.flush();
            }
        }
    }
}
