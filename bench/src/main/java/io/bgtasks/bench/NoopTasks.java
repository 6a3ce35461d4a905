package io.bgtasks.bench;

import io.bgtasks.TaskHandler;

/**
 * The benchmark's tasks: they do nothing but tell {@link Probe} they ran, so what is measured is the
 * backend's cost per task. The argument is the payload (BullMQ's peer stores {@code {i}} per job).
 */
@TaskHandler
public class NoopTasks {

    /** @param i the job number (the small payload) */
    public void noop(int i) {
        Probe.done();
    }

    /** @param data a payload of a chosen size (payload sweep) */
    public void payload(String data) {
        Probe.done();
    }

    /** @param i the latency job number: records when the task started */
    public void pickup(int i) {
        Probe.started(i);
    }

    /** @param i the latency job number of a worker in another process: prints when the task started */
    public void pickupElsewhere(int i) {
        RemoteStarts.started(i);
    }

    /** @param i the delayed job number (schedule scenarios): records when it started, on the wall clock */
    public void due(int i) {
        Probe.startedAt(i);
    }
}
