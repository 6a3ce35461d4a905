package io.bgtasks.jobrunr;

import java.sql.SQLException;

/** What a database error says in its SQLSTATE, looked for through its causes and each one's chained exceptions. */
final class SqlStates {
    /** SQLSTATE class 23, integrity constraint violation. */
    static final String CONSTRAINT_VIOLATION = "23";
    /** A unique key hit (a row with that key exists), on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private SqlStates() {
    }

    /**
     * @param e      a failure, e.g. JobRunr's StorageException around the driver's SQLException
     * @param prefix a SQLSTATE or the start of one (its class)
     * @return whether any SQLException in it has a state starting with {@code prefix}
     */
    static boolean has(Throwable e, String prefix) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && s.getSQLState().startsWith(prefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
