package io.bgtasks.inmemory;

import io.bgtasks.contract.BackendContract;

import java.util.Map;

/** The contract on the in-memory backend: every context is its own storage, so the namespace plays no part. */
class InMemoryBackendContractTest extends BackendContract {
    @Override
    protected Map<String, Object> backend(String namespace) {
        return Map.of("bgtasks.backend", "inmemory");
    }
}
