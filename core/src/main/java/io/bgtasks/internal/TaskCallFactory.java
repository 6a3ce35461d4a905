package io.bgtasks.internal;

import io.bgtasks.BgTasksConfiguration;
import io.bgtasks.NotDurableTaskException;
import io.bgtasks.TaskHandler;
import io.bgtasks.TaskMethod;
import io.bgtasks.engine.RegisteredTask;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.engine.TaskRegistry;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.runtime.http.scope.RequestScope;
import jakarta.inject.Singleton;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a method reference and its arguments into a durable {@link TaskCall}, or refuses it with a
 * message that names the fix. The same checks run on every backend so that an application that works
 * in memory also works on Redis or JobRunr.
 */
@Singleton
public final class TaskCallFactory {
    private final TaskRegistry registry;
    private final ArgumentCodec codec;
    private final BeanContext context;
    private final BeanProvider<TaskSink> sink;
    private final String backend;
    /** What a call site's method reference resolves to never changes: resolve once per lambda class. */
    private final Map<Class<?>, Target> targets = new ConcurrentHashMap<>();

    TaskCallFactory(TaskRegistry registry, ArgumentCodec codec, BeanContext context, BeanProvider<TaskSink> sink,
                    BgTasksConfiguration configuration) {
        this.registry = registry;
        this.backend = configuration.getBackend();
        this.codec = codec;
        this.context = context;
        this.sink = sink;
    }

    /** Code to run for a local-only lambda, given its bean (or null for a plain function). */
    @FunctionalInterface
    public interface LocalBody {
        /** @param bean the task bean for an {@code OnBean} lambda, else null @throws Exception from the lambda */
        void run(Object bean) throws Exception;
    }

    /**
     * @param fn   the method reference the user passed
     * @param args its arguments
     * @param body how to run it as a local lambda, should it be one
     * @param id   the new task's id
     * @return the call, with its arguments encoded as JSON
     * @throws NotDurableTaskException when the task cannot be made durable
     */
    public TaskCall create(TaskMethod fn, Object[] args, LocalBody body, String id) {
        Target target = resolve(fn);
        if (target.local) {
            Class<?> beanType = target.localBeanType;
            TaskCall.LocalTask local = () -> body.run(beanType == null ? null : context.getBean(beanType));
            return new TaskCall(id, target.name, "[]", null, local);
        }
        ArgumentCodec.Encoded encoded = codec.encode(target.task, args);
        return new TaskCall(id, target.name, encoded.json(), target.task.retry(), null, encoded.values());
    }

    private boolean durable() {
        return !"inmemory".equals(backend) && !"inline".equals(backend);
    }

    private Target resolve(TaskMethod fn) {
        Target cached = targets.get(fn.getClass());
        if (cached == null) {
            cached = describe(fn);
            targets.put(fn.getClass(), cached);
        }
        return cached;
    }

    private Target describe(TaskMethod fn) {
        MethodRef ref = MethodRef.of(fn);
        if (ref == null) {
            throw new NotDurableTaskException(fn.getClass().getName() + " is not a method reference. "
                + "Pass a reference to a public method of a @TaskHandler bean, e.g. tasks.addTask(EmailTasks::send, to).");
        }
        if (ref.isLambda()) {
            if (sink.get().acceptsLocalTasks()) {
                return Target.local("local:" + ref.implClass() + "#" + ref.methodName(), beanTypeOf(fn, ref));
            }
            throw new NotDurableTaskException("a lambda declared in " + ref.implClass() + " cannot be a background task: "
                + "its code and captured state exist only in this JVM, so no durable backend could store it, "
                + "and bgtasks refuses it on every backend. Move the body into a public method of a @TaskHandler "
                + "bean and pass a method reference, e.g. tasks.addTask(EmailTasks::send, to). "
                + (durable() ? "Lambdas can only be allowed on the in-memory backend (bgtasks.backend=" + backend + " here)."
                : "To allow lambdas on the in-memory backend only, set bgtasks.inmemory.allow-local-lambdas=true."));
        }
        if (ref.isConstructor()) {
            throw new NotDurableTaskException(ref.implClass() + "::new is a constructor reference, not a task. "
                + "Pass a reference to a public method of a @TaskHandler bean.");
        }
        String name = ref.implClass() + "#" + ref.methodName();
        Class<?> owner = owner(fn, ref);
        if (registry.requestScopedOwner(name).isPresent() || requestScoped(owner)) {
            throw new NotDurableTaskException(ref.display() + " belongs to a request-scoped bean: request-scoped "
                + "beans are destroyed when the response is written, before background tasks run. Put the task "
                + "method on a singleton @TaskHandler bean.");
        }
        RegisteredTask task;
        try {
            task = registry.find(name).orElse(null);
        } catch (IllegalStateException ambiguous) {
            throw new NotDurableTaskException(ambiguous.getMessage(), ambiguous);
        }
        if (task == null && (registry.isNotPublic(name) || notPublicTaskHandlerMethod(owner, ref.methodName()))) {
            throw new NotDurableTaskException(ref.display() + " is not public: only the public methods of a @TaskHandler "
                + "bean are tasks (the allow-list workers run). Make the method public.");
        }
        if (task == null) {
            throw new NotDurableTaskException(ref.display()
                + " is not a registered task. Annotate " + ref.implClass() + " with @io.bgtasks.TaskHandler "
                + "(task beans are singletons) and make the method public; a static method also needs "
                + "@io.micronaut.context.annotation.Executable.");
        }
        return Target.durable(task);
    }

    /** The class declaring the referenced method, loaded without initializing it; null when it cannot be loaded. */
    private static Class<?> owner(TaskMethod fn, MethodRef ref) {
        try {
            return Class.forName(ref.implClass(), false, fn.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Whether the class is itself a request-scoped bean, whatever its other annotations. Such a bean is served
     * through a generated proxy subclass, so its definitions are those of the class and of subclasses of it.
     */
    private boolean requestScoped(Class<?> owner) {
        return owner != null && !owner.isInterface() && context.getBeanDefinitions(owner).stream()
            .anyMatch(d -> owner.isAssignableFrom(d.getBeanType()) && d.hasStereotype(RequestScope.class));
    }

    /** A method of a @TaskHandler class that is private (never registered) or otherwise not public. */
    private static boolean notPublicTaskHandlerMethod(Class<?> owner, String method) {
        if (owner == null || !owner.isAnnotationPresent(TaskHandler.class)) {
            return false;
        }
        boolean found = false;
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(method)) {
                if (Modifier.isPublic(m.getModifiers())) {
                    return false;
                }
                found = true;
            }
        }
        return found;
    }

    private static Class<?> beanTypeOf(TaskMethod fn, MethodRef ref) {
        boolean onBean = fn instanceof TaskMethod.OnBean0 || fn instanceof TaskMethod.OnBean1
            || fn instanceof TaskMethod.OnBean2 || fn instanceof TaskMethod.OnBean3 || fn instanceof TaskMethod.OnBean4;
        if (!onBean) {
            return null;
        }
        return MethodType.fromMethodDescriptorString(ref.instantiatedType(), fn.getClass().getClassLoader()).parameterType(0);
    }

    private record Target(String name, RegisteredTask task, boolean local, Class<?> localBeanType) {
        static Target durable(RegisteredTask task) {
            return new Target(task.name(), task, false, null);
        }

        static Target local(String name, Class<?> beanType) {
            return new Target(name, null, true, beanType);
        }
    }
}
