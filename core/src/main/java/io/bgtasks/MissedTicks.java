package io.bgtasks;

/**
 * What a recurring schedule does with the ticks that passed while no process could fire them (every process was
 * down, or the storage was unavailable for longer than {@code bgtasks.scheduling.late-tolerance}).
 */
public enum MissedTicks {
    /** Forget them: the next firing is the next tick. */
    SKIP,
    /** Fire once, for the latest missed tick, then go on as usual (the default, like a laptop's cron). */
    RUN_ONCE,
    /** Fire every missed tick, oldest first, up to {@code bgtasks.scheduling.max-catch-up} of the latest. */
    CATCH_UP
}
