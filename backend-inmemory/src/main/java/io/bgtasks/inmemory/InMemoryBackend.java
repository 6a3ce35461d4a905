package io.bgtasks.inmemory;

import io.bgtasks.BgTasksConfiguration;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/** True when {@code bgtasks.backend} is {@code inmemory} (the default) or {@code inline}. */
public final class InMemoryBackend implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        String backend = ((PropertyResolver) context.getBeanContext())
            .getProperty("bgtasks.backend", String.class).orElse(BgTasksConfiguration.DEFAULT_BACKEND);
        return "inmemory".equals(backend) || "inline".equals(backend);
    }
}
