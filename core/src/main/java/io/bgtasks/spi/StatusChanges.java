package io.bgtasks.spi;

/**
 * Tells the status event stream ({@code GET /tasks/{id}/events}) when a batch's statuses may have changed, so that
 * it reads the status then instead of every poll interval. A backend without a way to notify does not implement
 * it: the stream polls. Notifications may be spurious or, rarely, missed (the stream still reads at its fallback
 * interval); they carry no status, only the hint to read it.
 */
public interface StatusChanges {
    /**
     * Watches one batch until the returned handle is closed.
     *
     * @param batchId the batch whose tasks' statuses are watched
     * @param changed called after a change of one of them was recorded; on a thread of the backend's, so it must
     *                return at once (e.g. wake the stream's thread)
     * @return closes the watch
     */
    Watch watch(String batchId, Runnable changed);

    /** An open watch. */
    interface Watch extends AutoCloseable {
        /** Stops the notifications of this watch. */
        @Override
        void close();
    }
}
