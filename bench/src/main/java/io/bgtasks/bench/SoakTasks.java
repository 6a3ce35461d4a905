package io.bgtasks.bench;

import io.bgtasks.TaskHandler;

/** The soak run's task: records that task {@code i} ran, in the ledger outside the measured store. */
@TaskHandler
public class SoakTasks {

    /** @param i the task's number, given by the producer from 0 up */
    public void soak(int i) {
        SoakLedger.ran(i);
    }
}
