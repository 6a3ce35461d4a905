package io.bgtasks.arguments;

import io.bgtasks.engine.BatchCodec;
import io.bgtasks.engine.TaskInvoker;
import io.micronaut.context.BeanContext;

import java.util.List;

/** Runs a stored payload's tasks the way every durable worker does: the batch decoded, each step invoked by name. */
public final class Stored {
    private Stored() {
    }

    /**
     * @param context the application with the {@link TypedTasks}
     * @param payload a batch payload as read back from storage
     * @return what each task received, in order
     * @throws Exception when a step cannot run
     */
    public static List<Object> run(BeanContext context, String payload) throws Exception {
        TaskInvoker invoker = context.getBean(TaskInvoker.class);
        Deliveries.take();
        for (BatchCodec.Step step : context.getBean(BatchCodec.class).decode(payload)) {
            invoker.invoke(step.name(), step.args());
        }
        return Deliveries.take();
    }
}
