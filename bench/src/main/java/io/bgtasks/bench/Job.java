package io.bgtasks.bench;

import io.bgtasks.BackgroundTasks;

/** What one job (one batch) of a scenario adds: its tasks and how many there are. */
record Job(String label, int steps, Adder adder) {

    /** Adds job number {@code i}'s tasks to a batch. */
    @FunctionalInterface
    interface Adder {
        void add(int i, BackgroundTasks tasks);
    }

    /** One no-op task with the job number as its argument: BullMQ's {@code {i}}. */
    static Job small() {
        return new Job("small", 1, (i, t) -> t.addTask(NoopTasks::noop, i));
    }

    /** One no-op task whose argument is a string of {@code bytes} characters. */
    static Job payload(int bytes) {
        String data = "x".repeat(bytes);
        return new Job("payload" + bytes, 1, (i, t) -> t.addTask(NoopTasks::payload, data));
    }

    /** A batch of {@code steps} no-op tasks, run in order with a checkpoint after each but the last. */
    static Job steps(int steps) {
        return new Job("steps" + steps, steps, (i, t) -> {
            for (int s = 0; s < steps; s++) {
                t.addTask(NoopTasks::noop, i);
            }
        });
    }
}
