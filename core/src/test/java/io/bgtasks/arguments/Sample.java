package io.bgtasks.arguments;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.TaskMethod;

/**
 * One generated argument and the task that declares its type.
 *
 * @param task  the task method
 * @param value the argument
 */
public record Sample(TaskMethod.OnBean1<TypedTasks, ?> task, Object value) {

    /**
     * @param task  the task method
     * @param value its argument
     * @param <A>   the parameter's type
     * @return the sample
     */
    public static <A> Sample of(TaskMethod.OnBean1<TypedTasks, A> task, A value) {
        return new Sample(task, value);
    }

    /** @param tasks where to add this sample's task */
    @SuppressWarnings("unchecked")
    public void addTo(BackgroundTasks tasks) {
        tasks.addTask((TaskMethod.OnBean1<TypedTasks, Object>) task, value);
    }

    @Override
    public String toString() {
        String shown = value instanceof String s ? s.chars().mapToObj(c -> String.format("\\u%04X", c)).reduce("", String::concat) : String.valueOf(value);
        return (value == null ? "null" : value.getClass().getSimpleName()) + " " + shown;
    }
}
