package io.bgtasks.inmemory;

import io.bgtasks.spi.StatusChanges;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Status changes pushed within the JVM: {@link InMemoryStatusStore} calls {@link #changed} on every write, which
 * costs one map lookup while nobody watches.
 */
@Singleton
@Requires(condition = InMemoryBackend.class)
final class InMemoryStatusChanges implements StatusChanges {
    private final Map<String, List<Runnable>> watchers = new ConcurrentHashMap<>();

    @Override
    public Watch watch(String batchId, Runnable changed) {
        watchers.computeIfAbsent(batchId, id -> new CopyOnWriteArrayList<>()).add(changed);
        return () -> watchers.computeIfPresent(batchId, (id, list) -> {
            list.remove(changed);
            return list.isEmpty() ? null : list;
        });
    }

    void changed(String batchId) {
        List<Runnable> list = watchers.get(batchId);
        if (list != null) {
            list.forEach(Runnable::run);
        }
    }
}
