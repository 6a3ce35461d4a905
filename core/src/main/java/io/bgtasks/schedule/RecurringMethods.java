package io.bgtasks.schedule;

import io.bgtasks.MissedTicks;
import io.bgtasks.Recurring;
import io.bgtasks.TaskHandler;
import io.bgtasks.engine.TaskObservers;
import io.bgtasks.engine.TaskRegistry;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.tracing.CurrentTrace;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.context.processor.ExecutableMethodProcessor;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;
import jakarta.inject.Singleton;

import java.lang.reflect.Modifier;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link Recurring} methods at start-up and adds their schedules once the application has started. A
 * misplaced annotation (a method with parameters, not public, outside a {@link TaskHandler} bean, a bad cron or
 * zone) stops the start-up with a message that names the method and the fix.
 */
@Singleton
final class RecurringMethods implements ExecutableMethodProcessor<Recurring>, ApplicationEventListener<StartupEvent> {
    private record Spec(String name, String cron, ZoneId zone, MissedTicks missed) {
    }

    private record Found(String task, Spec spec) {
    }

    private final List<Found> found = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final RecurringScheduler scheduler;
    private final TaskRegistry registry;
    private final TaskSink sink;
    private final TaskObservers observers;

    RecurringMethods(RecurringScheduler scheduler, TaskRegistry registry, TaskSink sink, TaskObservers observers) {
        this.scheduler = scheduler;
        this.registry = registry;
        this.sink = sink;
        this.observers = observers;
    }

    @Override
    public synchronized <B> void process(BeanDefinition<B> bean, ExecutableMethod<B, ?> method) {
        String task = method.getDeclaringType().getName() + "#" + method.getMethodName();
        AnnotationValue<Recurring> annotation = method.getAnnotation(Recurring.class);
        if (annotation == null) {
            return;
        }
        if (!bean.hasStereotype(TaskHandler.class)) {
            problems.add(task + " is @Recurring but " + bean.getBeanType().getSimpleName() + " is not a @TaskHandler bean: "
                + "annotate the class with @TaskHandler");
        } else if (!Modifier.isPublic(method.getTargetMethod().getModifiers())) {
            problems.add(task + " is @Recurring but not public: make it public");
        } else if (method.getArguments().length > 0) {
            problems.add(task + " is @Recurring but takes parameters: a recurring task method takes none. Use "
                + "Schedules.register(...) to schedule a call with arguments");
        } else {
            String name = annotation.stringValue("name").filter(n -> !n.isBlank()).orElse(task);
            String zone = annotation.stringValue("zone").orElse("UTC");
            try {
                found.add(new Found(task, new Spec(name, annotation.stringValue("cron").orElse(""),
                    ZoneId.of(zone), annotation.enumValue("missed", MissedTicks.class).orElse(MissedTicks.RUN_ONCE))));
            } catch (DateTimeException e) {
                problems.add(task + " is @Recurring with an unknown zone '" + zone + "': use a region id such as "
                    + "Europe/Berlin or UTC");
            }
        }
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        for (Found f : found) {
            try {
                scheduler.add(f.spec().name(), f.spec().cron(), f.spec().zone(), f.spec().missed(), key -> fire(f.task(), key));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(f.task() + " is @Recurring with " + e.getMessage(), e);
            }
        }
        found.clear();
    }

    /** One tick's batch: the method alone, with its own retry policy, under the tick's id. */
    private void fire(String task, String key) {
        String batchId = TaskIds.fromKey(key);
        TaskCall call = new TaskCall(TaskIds.taskId(batchId, 0), task, "[]",
            registry.find(task).map(t -> t.retry()).orElse(null), null);
        // a firing has no request: its trace is whatever the application made current around the scheduler, if anything
        TaskBatch batch = new TaskBatch(batchId, List.of(call), Instant.now(), null, CurrentTrace.capture());
        sink.submit(batch);
        observers.submitted(batch);
    }
}
