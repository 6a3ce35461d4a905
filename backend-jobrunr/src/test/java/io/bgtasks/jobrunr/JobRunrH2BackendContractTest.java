package io.bgtasks.jobrunr;

import io.bgtasks.contract.DurableBackendContract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The durable contract on JobRunr with an H2 file per namespace, under target/. */
class JobRunrH2BackendContractTest extends DurableBackendContract {
    @Override
    protected Map<String, Object> backend(String namespace) {
        Path file = Path.of("target", "contract-h2", namespace, "jobrunr").toAbsolutePath();
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", file.toString(),
            "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL);
    }

    @Override
    protected Duration pickUpDelay() {
        return JobRunrContract.PICK_UP;
    }
}
