package io.bgtasks.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code bgtasks.scheduling.*}: recurring schedules ({@code @Recurring} and {@code Schedules}). */
@Context
@ConfigurationProperties("bgtasks.scheduling")
public class SchedulingConfiguration {
    /** The most missed ticks one schedule fires after an outage with {@code CATCH_UP}. */
    public static final int MAX_CATCH_UP = 100_000;

    /** Whether this process fires recurring schedules; false in a process that should only take requests or run tasks. */
    @Bindable(defaultValue = "true")
    private boolean enabled = true;
    /** How late a tick may still be fired as on time; a tick older than that counts as missed. */
    @Bindable(defaultValue = "5s")
    private Duration lateTolerance = Duration.ofSeconds(5);
    /** The most missed ticks a CATCH_UP schedule fires after an outage (the latest ones). */
    @Bindable(defaultValue = "100")
    private int maxCatchUp = 100;

    /** @return whether this process fires recurring schedules (default true) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether this process fires recurring schedules */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return how late a tick may be fired and still count as on time (default 5s) */
    public Duration getLateTolerance() {
        return lateTolerance;
    }

    /** @param lateTolerance how late a tick may be fired as on time, more than zero */
    public void setLateTolerance(Duration lateTolerance) {
        this.lateTolerance = PropertyChecks.positive("bgtasks.scheduling.late-tolerance", lateTolerance);
    }

    /** @return the most missed ticks a CATCH_UP schedule fires after an outage (default 100) */
    public int getMaxCatchUp() {
        return maxCatchUp;
    }

    /** @param maxCatchUp the most missed ticks fired after an outage, 1 to {@value #MAX_CATCH_UP} */
    public void setMaxCatchUp(int maxCatchUp) {
        this.maxCatchUp = PropertyChecks.between("bgtasks.scheduling.max-catch-up", maxCatchUp, 1, MAX_CATCH_UP);
    }
}
