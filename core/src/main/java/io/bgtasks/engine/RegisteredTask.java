package io.bgtasks.engine;

import io.bgtasks.RetryPolicy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;

/**
 * A method of a {@link io.bgtasks.TaskHandler} bean, allowed to run as a task.
 *
 * @param name   {@code fully.qualified.Class#method}
 * @param bean   the bean that declares it
 * @param method Micronaut's compile-time invoker for it
 * @param retry  the method's {@link io.bgtasks.TaskRetry} policy, or null
 */
public record RegisteredTask(String name, BeanDefinition<?> bean, ExecutableMethod<?, ?> method, @Nullable RetryPolicy retry) {

    /** @return the declared parameter types, generics included (used to encode and decode arguments) */
    public Argument<?>[] parameters() {
        return method.getArguments();
    }
}
