package io.bgtasks.engine;

import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.internal.ArgumentCodec;
import io.micronaut.context.BeanContext;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs one task: looks its name up in the {@link TaskRegistry}, decodes the JSON arguments with the
 * declared parameter types, calls the method through Micronaut's compile-time invoker and, for an async
 * task, waits for its {@link CompletionStage} or {@link Publisher} to complete. Call it from a thread that
 * may block (backends use virtual threads).
 */
@Singleton
public final class TaskInvoker {
    private final TaskRegistry registry;
    private final ArgumentCodec codec;
    private final BeanContext context;
    /** Singleton task beans by definition: a bean lookup per task cost more than the no-op task itself. */
    private final Map<BeanDefinition<?>, Object> singletons = new ConcurrentHashMap<>();

    TaskInvoker(TaskRegistry registry, ArgumentCodec codec, BeanContext context) {
        this.registry = registry;
        this.codec = codec;
        this.context = context;
    }

    /**
     * Runs a call to completion.
     *
     * @param call the task
     * @throws PoisonTaskException when the call can never run (unknown name, arguments that do not fit)
     * @throws Exception whatever the task threw, unwrapped from async completion
     */
    public void invoke(TaskCall call) throws Exception {
        if (call.local() != null) {
            call.local().run();
            return;
        }
        if (call.decoded() != null) {
            // added in this JVM: the values the JSON decodes to are at hand, skip the parse
            call(require(call.name()), call.decoded());
            return;
        }
        invoke(call.name(), call.argsJson());
    }

    /**
     * Runs a named task to completion.
     *
     * @param name     a registered task name
     * @param argsJson its arguments, as a JSON array
     * @throws PoisonTaskException when the task can never run (unknown name, arguments that do not fit)
     * @throws Exception whatever the task threw, unwrapped from async completion
     */
    public void invoke(String name, String argsJson) throws Exception {
        RegisteredTask task = require(name);
        call(task, codec.decode(task, argsJson));
    }

    /**
     * @param name a task name from a payload
     * @return the registered task
     * @throws PoisonTaskException when no {@code @TaskHandler} declares it
     */
    public RegisteredTask require(String name) throws PoisonTaskException {
        try {
            return registry.find(name).orElseThrow(() -> new PoisonTaskException(
                "unknown task '" + name + "': no @TaskHandler bean declares it in this application", null));
        } catch (IllegalStateException ambiguous) {
            throw new PoisonTaskException(ambiguous.getMessage(), ambiguous);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void call(RegisteredTask task, Object[] args) throws Exception {
        Object bean = bean(task.bean());
        Object result = ((ExecutableMethod) task.method()).invoke(bean, args);
        await(result);
    }

    private Object bean(BeanDefinition<?> definition) {
        if (!definition.isSingleton()) {
            return context.getBean(definition);
        }
        Object bean = singletons.get(definition);
        if (bean == null) {
            bean = context.getBean(definition);
            singletons.put(definition, bean);
        }
        return bean;
    }

    private static void await(Object result) throws Exception {
        if (result instanceof CompletionStage<?> stage) {
            try {
                stage.toCompletableFuture().get();
            } catch (ExecutionException e) {
                throw rethrowable(e.getCause());
            }
        } else if (result instanceof Publisher<?> publisher) {
            try {
                PublisherAwait.await(publisher);
            } catch (ExecutionException e) {
                throw rethrowable(e.getCause());
            }
        }
    }

    private static Exception rethrowable(Throwable t) {
        if (t instanceof Exception e) {
            return e;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new Exception(t);
    }
}
