package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds the rows of JobRunr's jobs table that someone else damaged (an operator's UPDATE, a migration, a second
 * program) and marks each one FAILED, with the damage as its error and its former text kept in its metadata
 * ({@code bgtasks.damaged-row}): it is then a dead letter like any other, and JobRunr reads a valid row.
 *
 * <p>JobRunr reads rows in pages and gives up a whole page, or its whole poll, for one row it cannot read or whose
 * columns contradict its JSON; six failed polls in a row stop its server. So every read of the storage provider
 * goes through {@link #read} or {@link #poll}: when a read fails, the rows it was reading are checked one by one over
 * JDBC, the damaged ones are rewritten, and the read runs again. Damage that makes JobRunr skip a row without
 * failing (a state it does not know, a scheduled job without a due time, a version that differs from the JSON's) is
 * found by {@link #sweep}, which the worker runs every few polls over the rows JobRunr should have taken by then.
 */
final class RowRepair {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");
    /** The metadata key that keeps a damaged row's former text (its first characters). */
    static final String DAMAGED_ROW = "bgtasks.damaged-row";
    private static final int KEEP_CHARACTERS = 4000;
    /** How many of the oldest rows a sweep checks per state: those JobRunr takes first. */
    private static final int SWEEP_ROWS = 100;
    /** How often one read is repaired and run again at most. */
    private static final int MAX_ROUNDS = 1000;
    /** How many rows of a state a failed read checks at most. */
    private static final int STATE_ROWS = 10_000;
    private static final Set<String> STATES = Arrays.stream(StateName.values()).map(Enum::name).collect(Collectors.toSet());

    private final DataSource dataSource;
    private final String table;
    private final JobMapper mapper;
    /** Failures already logged, so that a row that cannot be repaired logs once, not once per poll. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    RowRepair(DataSource dataSource, String tablePrefix, JobMapper mapper) {
        this.dataSource = dataSource;
        this.table = (tablePrefix == null ? "" : tablePrefix) + "jobrunr_jobs";
        this.mapper = mapper;
    }

    /**
     * Runs a read of the storage; when it fails on damaged rows, repairs them and reads again.
     *
     * @param state the state of the rows the read reads, or null for a read by id
     * @param id    the id the read reads, or null
     * @throws RuntimeException what the read threw when no damaged row explains it
     */
    <T> T read(StateName state, UUID id, Supplier<T> read) {
        boolean scanned = false;
        for (int round = 0; ; round++) {
            try {
                return read.get();
            } catch (StorageException e) {
                throw e; // the database itself: JobRunr's own handling
            } catch (RuntimeException e) {
                UUID damaged = e instanceof DamagedJobException d && d.id() != null ? d.id() : id;
                int repaired = damaged != null ? repair(damaged) : 0;
                if (!scanned && state != null) {
                    // a page may hold more damaged rows: check them all at once rather than one per read
                    repaired += repair(state);
                    scanned = true;
                }
                if (repaired == 0 || round >= MAX_ROUNDS) {
                    throw e; // each round repairs a row for good, so this ends
                }
            }
        }
    }

    /**
     * {@link #read} for JobRunr's polls: a failure that no repair explains is logged once per distinct message and the
     * poll finds nothing, instead of failing, which JobRunr would log with a stack each time and count towards
     * stopping its server.
     */
    <T> List<T> poll(StateName state, Supplier<List<T>> read) {
        try {
            return read(state, null, read);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            if (logged.add(state + ": " + e)) {
                LOG.error("JobRunr cannot read the {} jobs and no damaged row explains it ({}); polls take none of them while"
                    + " this lasts (logged once)", state, e.toString(), e);
            }
            return List.of();
        }
    }

    /**
     * {@link #poll} of rows that JobRunr moves on from their state after reading them: a row selected by its state
     * column whose JSON says another state would make that move throw and fail JobRunr's whole task, so it is repaired
     * and left out.
     */
    List<Job> pollState(StateName state, Supplier<List<Job>> read) {
        List<Job> jobs = poll(state, read);
        if (jobs.stream().allMatch(job -> job.getState() == state)) {
            return jobs;
        }
        List<Job> consistent = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            if (job.getState() == state) {
                consistent.add(job);
            } else {
                repair(job.getId());
            }
        }
        return consistent;
    }

    /** Checks the rows JobRunr would take by now and the rows it can never take; repairs the damaged ones. */
    int sweep(Duration pollInterval) {
        Instant overdue = Instant.now().minus(pollInterval.multipliedBy(2));
        String columns = "select id, version, state, scheduledAt, jobAsJson from " + table;
        return repair(columns + " where state not in (" + STATES.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + ")")
            + repair(columns + " where state = 'SCHEDULED' and scheduledAt is null")
            + repair(columns + " where state = 'ENQUEUED' order by createdAt limit " + SWEEP_ROWS)
            + repair(columns + " where state = 'SCHEDULED' and scheduledAt < ? order by scheduledAt limit " + SWEEP_ROWS, overdue)
            + repair(columns + " where state = 'PROCESSING' and updatedAt < ? order by updatedAt limit " + SWEEP_ROWS, overdue);
    }

    int repair(UUID id) {
        return repair("select id, version, state, scheduledAt, jobAsJson from " + table + " where id = ?", id.toString());
    }

    /** Checks the rows of a state in the order JobRunr reads them (least recently updated first), up to a bound. */
    int repair(StateName state) {
        return repair("select id, version, state, scheduledAt, jobAsJson from " + table + " where state = ? order by updatedAt limit "
            + STATE_ROWS, state.name());
    }

    /** A row as it is stored. */
    private record Row(String id, int version, String state, Timestamp scheduledAt, String json) {
    }

    private int repair(String select, Object... parameters) {
        List<Row> damaged = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<StoredJobCheck.Result> results = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(select)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Instant instant) {
                    query.setTimestamp(i + 1, Timestamp.from(instant), utc());
                } else {
                    query.setObject(i + 1, parameters[i]);
                }
            }
            query.setFetchSize(500);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Row row = new Row(rows.getString(1), rows.getInt(2), rows.getString(3), rows.getTimestamp(4), rows.getString(5));
                    StoredJobCheck.Result checked = StoredJobCheck.check(row.json());
                    String reason = checked.damaged() ? checked.damage() : columnDamage(row, checked.tree());
                    if (reason != null) {
                        damaged.add(row);
                        reasons.add(reason);
                        results.add(checked);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        int repaired = 0;
        for (int i = 0; i < damaged.size(); i++) {
            if (markFailed(damaged.get(i), reasons.get(i), results.get(i))) {
                repaired++;
            }
        }
        return repaired;
    }

    /** What the columns JobRunr selects and updates by say against the row's own JSON. */
    private static String columnDamage(Row row, JsonNode tree) {
        String state = row.state() == null ? "null" : row.state().trim();
        if (!STATES.contains(state)) {
            return "the state column is '" + StoredJobCheck.abbreviate(state) + "', not a JobRunr state";
        }
        if (!row.id().trim().equalsIgnoreCase(tree.get("id").asString())) {
            return "the id column (" + row.id().trim() + ") is not the job's id (" + tree.get("id").asString() + ")";
        }
        if (row.version() != tree.get("version").asInt()) {
            return "the version column (" + row.version() + ") is not the job's version (" + tree.get("version").asInt() + ")";
        }
        JsonNode history = tree.get("jobHistory");
        JsonNode last = history.get(history.size() - 1).get("state");
        String jsonState = last == null ? "?" : last.asString();
        if (!state.equals(jsonState)) {
            return "the state column (" + state + ") is not the job's state (" + StoredJobCheck.abbreviate(jsonState) + ")";
        }
        if (state.equals("SCHEDULED") && row.scheduledAt() == null) {
            return "the job is SCHEDULED without a scheduledAt";
        }
        return null;
    }

    /** Rewrites the row as a FAILED bgtasks job with the reason, if it is still as it was read. */
    private boolean markFailed(Row row, String reason, StoredJobCheck.Result checked) {
        UUID id;
        try {
            id = UUID.fromString(row.id().trim());
        } catch (IllegalArgumentException e) {
            if (logged.add("id " + row.id())) {
                LOG.error("jobrunr_jobs row with id '{}' is damaged ({}) and cannot be marked FAILED: its id is not a UUID (logged once)",
                    StoredJobCheck.abbreviate(row.id()), reason);
            }
            return false;
        }
        String payload = checked.requestField("payload");
        Job replacement = replacement(id, row.version() + 1, payload, reason, row.json());
        String sql = "update " + table + " set version = ?, jobAsJson = ?, jobSignature = ?, state = ?, updatedAt = ?, scheduledAt = null"
            + " where id = ? and version = ? and state = ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, row.version() + 1);
            update.setString(2, mapper.serializeJob(replacement));
            update.setString(3, replacement.getJobSignature());
            update.setString(4, StateName.FAILED.name());
            update.setTimestamp(5, Timestamp.from(Instant.now()), utc());
            update.setString(6, row.id());
            update.setInt(7, row.version());
            update.setString(8, row.state());
            if (update.executeUpdate() != 1) {
                return false; // changed meanwhile: the next read checks it again
            }
        } catch (SQLException e) {
            if (logged.add("update " + row.id())) {
                LOG.error("jobrunr_jobs row {} is damaged ({}) and could not be marked FAILED (logged once)", row.id(), reason, e);
            }
            return false;
        }
        LOG.error("jobrunr_jobs row {} is damaged: {}; it is marked FAILED (a dead letter), its former text is in its metadata {}",
            id, reason, DAMAGED_ROW);
        return true;
    }

    /** JobRunr keeps its timestamps in UTC, whatever the JVM's time zone. */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC));
    }

    private static Job replacement(UUID id, int version, String payload, String reason, String former) {
        ConcurrentMap<String, Object> metadata = new ConcurrentHashMap<>();
        metadata.put(Progress.ERROR, "damaged row: " + reason);
        metadata.put(Progress.FAILURES, "0");
        metadata.put(DAMAGED_ROW, former == null ? "null"
            : former.length() <= KEEP_CHARACTERS ? former : former.substring(0, KEEP_CHARACTERS) + "...");
        List<JobState> history = List.of(new EnqueuedState(),
            new FailedState("bgtasks: damaged row", new DamagedJobException(id, reason)));
        Job job = new Job(id, version, new JobDetails(new BatchJob(id.toString(), payload)), history, metadata);
        job.setJobName("bgtasks damaged row");
        job.setLabels(List.of("bgtasks"));
        return job;
    }
}
