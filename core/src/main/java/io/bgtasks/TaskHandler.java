package io.bgtasks;

import io.micronaut.context.annotation.Executable;
import jakarta.inject.Singleton;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose public methods may be used as background tasks.
 *
 * <p>This is the allow-list: only methods of {@code @TaskHandler} beans can be added to
 * {@link BackgroundTasks}, and a durable worker only ever invokes a task name registered this way.
 * The bean is a singleton because a task outlives the request that added it. Micronaut generates
 * invokers for the methods at compile time, so running a task uses no reflection. A static method
 * also needs {@code @Executable} on the method itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Singleton
@Executable(processOnStartup = true)
public @interface TaskHandler {
}
