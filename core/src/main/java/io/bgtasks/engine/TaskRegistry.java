package io.bgtasks.engine;

import io.bgtasks.RetryPolicy;
import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;
import io.bgtasks.internal.Durations;
import io.micronaut.context.processor.ExecutableMethodProcessor;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.runtime.http.scope.RequestScope;
import jakarta.inject.Singleton;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The allow-list of task names: every public method of every {@link TaskHandler} bean, collected at
 * start-up from Micronaut's compile-time metadata. Workers resolve names only here, so a payload can
 * never make bgtasks load or call anything else.
 */
@Singleton
public final class TaskRegistry implements ExecutableMethodProcessor<TaskHandler> {
    private final Map<String, RegisteredTask> tasks = new ConcurrentHashMap<>();
    private final Set<String> overloaded = ConcurrentHashMap.newKeySet();
    private final Map<String, String> misplaced = new ConcurrentHashMap<>();
    private final Set<String> notPublic = ConcurrentHashMap.newKeySet();

    @Override
    public <B> void process(BeanDefinition<B> bean, ExecutableMethod<B, ?> method) {
        String name = method.getDeclaringType().getName() + "#" + method.getMethodName();
        if (bean.hasDeclaredStereotype(RequestScope.class)) {
            misplaced.put(name, bean.getBeanType().getName());
            return;
        }
        if (!Modifier.isPublic(method.getTargetMethod().getModifiers())) {
            // @Executable makes package-private and protected methods invocable too: they are not tasks
            notPublic.add(name);
            return;
        }
        RegisteredTask task = new RegisteredTask(name, bean, method, retryOf(method));
        RegisteredTask previous = tasks.putIfAbsent(name, task);
        if (previous != null && previous.method() != method && !sameSignature(previous.method(), method)) {
            overloaded.add(name);
        }
    }

    /**
     * @param name a task name
     * @return the task, or empty when the name is not registered
     * @throws IllegalStateException when the name is ambiguous (overloaded method)
     */
    public Optional<RegisteredTask> find(String name) {
        if (overloaded.contains(name)) {
            throw new IllegalStateException("task name " + name + " is ambiguous: the method is overloaded. "
                + "Give each task method of a @TaskHandler bean its own name.");
        }
        return Optional.ofNullable(tasks.get(name));
    }

    /**
     * @param name a task name
     * @return the bean class name when the method belongs to a request-scoped {@code @TaskHandler}, which cannot run tasks
     */
    public Optional<String> requestScopedOwner(String name) {
        return Optional.ofNullable(misplaced.get(name));
    }

    /**
     * @param name a task name
     * @return whether it names a method of a {@code @TaskHandler} bean that is not public, so not a task
     */
    public boolean isNotPublic(String name) {
        return notPublic.contains(name) && !tasks.containsKey(name);
    }

    /** @return every registered task name */
    public Set<String> names() {
        return Set.copyOf(tasks.keySet());
    }

    private static boolean sameSignature(ExecutableMethod<?, ?> a, ExecutableMethod<?, ?> b) {
        return List.of(a.getArgumentTypes()).equals(List.of(b.getArgumentTypes()));
    }

    @SuppressWarnings("unchecked")
    private static RetryPolicy retryOf(ExecutableMethod<?, ?> method) {
        AnnotationValue<TaskRetry> retry = method.getAnnotation(TaskRetry.class);
        if (retry == null) {
            return null;
        }
        return new RetryPolicy(
            retry.intValue("attempts").orElse(3),
            Durations.parse(retry.stringValue("delay").orElse("1s")),
            retry.doubleValue("multiplier").orElse(2.0),
            retry.doubleValue("jitter").orElse(0.5),
            Durations.parse(retry.stringValue("maxDelay").orElse("10m")),
            List.of((Class<? extends Throwable>[]) retry.classValues("retryOn")),
            List.of((Class<? extends Throwable>[]) retry.classValues("ignore")));
    }
}
