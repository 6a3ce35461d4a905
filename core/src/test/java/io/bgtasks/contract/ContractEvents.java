package io.bgtasks.contract;

import io.bgtasks.events.TaskFailedEvent;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the {@link TaskFailedEvent}s of the context it lives in, as a user's listener would receive them. */
@Singleton
public class ContractEvents implements ApplicationEventListener<TaskFailedEvent> {
    private final List<TaskFailedEvent> failed = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(TaskFailedEvent event) {
        failed.add(event);
    }

    /** @return the failures of one batch so far */
    public List<TaskFailedEvent> failed(String batchId) {
        return failed.stream().filter(e -> batchId.equals(e.batchId())).toList();
    }
}
