package io.bgtasks.jobrunr;

/**
 * A process that opens JobRunr's storage and exits: 0 when the tables were there or made, 1 otherwise. Started several
 * times at once by {@link JobRunrPostgresTogetherStartTest}, as a deployment starts its instances.
 */
public final class OpenStorage {
    private OpenStorage() {
    }

    /** @param args JDBC URL, user, password, table prefix, and the epoch millisecond to start at */
    public static void main(String[] args) throws InterruptedException {
        JobRunrConfiguration configuration = new JobRunrConfiguration();
        configuration.setJdbcUrl(args[0]);
        configuration.setUsername(args[1]);
        configuration.setPassword(args[2]);
        configuration.setTablePrefix(args[3]);
        Thread.sleep(Math.max(0, Long.parseLong(args[4]) - System.currentTimeMillis())); // all start together
        try (JobRunrStorage storage = JobRunrStorage.open(configuration)) {
            System.out.println("opened " + storage.where());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
