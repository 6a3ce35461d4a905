package io.bgtasks.jobrunr;

import java.util.UUID;

/**
 * A row of JobRunr's jobs table that is not a bgtasks job as bgtasks stores it: unreadable JSON, JSON of another
 * shape, another job class, or columns that contradict the JSON. Thrown instead of letting JobRunr read such a row,
 * so that nothing the row names is loaded or run; {@link RowRepair} then marks the row FAILED with this reason.
 */
final class DamagedJobException extends RuntimeException {
    private final transient UUID id;

    /**
     * @param id     the job's id when the row says it, else null
     * @param reason what is wrong, for the log and the dead letter
     */
    DamagedJobException(UUID id, String reason) {
        super(reason, null, false, false);
        this.id = id;
    }

    /** @return the job's id when the row says it, else null */
    UUID id() {
        return id;
    }
}
