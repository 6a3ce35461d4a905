package io.bgtasks.jobrunr;

import io.bgtasks.contract.DurableBackendContract;

import java.time.Duration;
import java.util.Map;

/** The durable contract on JobRunr with PostgreSQL ({@link TestPostgres}); each namespace is a table prefix of its own. */
class JobRunrPostgresBackendContractTest extends DurableBackendContract {
    private TestPostgres postgres;

    @Override
    protected synchronized Map<String, Object> backend(String namespace) {
        if (postgres == null) {
            postgres = TestPostgres.start();
        }
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", postgres.url,
            "bgtasks.jobrunr.username", postgres.user, "bgtasks.jobrunr.password", postgres.password,
            "bgtasks.jobrunr.table-prefix", namespace + "_", "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL);
    }

    @Override
    protected Duration pickUpDelay() {
        return JobRunrContract.PICK_UP;
    }

    @Override
    protected void closeStorage() {
        if (postgres != null) {
            postgres.stop();
        }
    }
}
