#!/usr/bin/env bash
# Bounded memory under sustained load (docs/performance.md, Soak): per backend in SOAK_BACKENDS, a producer JVM submits
# SOAK_RATE one-task batches per second for SOAK_MINUTES while a worker JVM runs them and is SIGKILLed and restarted
# every SOAK_KILL_EVERY minutes; every 10 s the store (Redis used_memory, DBSIZE, kept statuses; JobRunr's jobs table:
# rows and pg_total_relation_size) and both JVMs' heap and RSS are sampled. After the load the worker drains what is
# left and the run checks that every acknowledged task ran. Writes, per backend, the JSON lines to
# bench/results/soak-<time>/soak-<backend>.jsonl and docs/performance-data/soak-<backend>.jsonl, the chart
# docs/performance-data/soak-<backend>.svg, and prints the soak-summary lines. The backends run at the same time.
#
#   bench/soak.sh        # env: SOAK_MINUTES (30), SOAK_RATE (200), SOAK_KILL_EVERY (5, minutes), SOAK_BACKENDS
#                        # ("redis jobrunr"), PORT (6391: the measured Redis), LEDGER_PORT (6392: which tasks ran),
#                        # PG_JDBC_URL (jdbc:postgresql://127.0.0.1:5432/test?user=postgres; schema bench_soak_<time>)
#
# Retention, short so that the plateau comes within the run (the defaults, 1 h / 36 h + 72 h, would take hours):
# SOAK_STATUS_RETENTION (5m), SOAK_STATUS_MAX_SUCCEEDED (the backend's 100,000), SOAK_IDEMPOTENCY_WINDOW (5m),
# SOAK_KEYED (1: every batch has an idempotency key), SOAK_DELETE_SUCCEEDED_JOBS_AFTER (5m),
# SOAK_PERMANENTLY_DELETE_JOBS_AFTER (1m). Also SOAK_CONCURRENCY (20), SOAK_DRAIN_S (600), SOAK_CHILD_OPTS (-Xmx256m,
# the producer's and worker's JVM options), SOAK_OUT (docs/performance-data), SOAK_KEEP (0: drop the run's data).
# SOAK_PG=private: JobRunr on a PostgreSQL cluster of its own (initdb, stock settings, port PG_PORT 5440, removed at the
# end) instead of PG_JDBC_URL. Use it when that server has autovacuum off (the summary says `pg_autovacuum`): without
# vacuum JobRunr's table never reuses the space of its updated and deleted rows, and grows however short the retention.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOAK_BACKENDS=${SOAK_BACKENDS:-redis jobrunr}
export SOAK_MINUTES=${SOAK_MINUTES:-30}
export SOAK_RATE=${SOAK_RATE:-200}
export SOAK_KILL_EVERY_S=${SOAK_KILL_EVERY_S:-$(( ${SOAK_KILL_EVERY:-5} * 60 ))}
PORT=${PORT:-6391}
LEDGER_PORT=${LEDGER_PORT:-6392}
export REDIS_URL=redis://127.0.0.1:$PORT
export SOAK_LEDGER_URL=redis://127.0.0.1:$LEDGER_PORT
export PG_JDBC_URL=${PG_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export SOAK_PG_SCHEMA=${SOAK_PG_SCHEMA:-bench_soak_$(date -u +%Y%m%d%H%M%S)}
export SOAK_OUT=${SOAK_OUT:-$ROOT/docs/performance-data}
export WARMUP=0
RESULTS=${RESULTS:-$ROOT/bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RESULTS" "$SOAK_OUT"
log() { echo "[bench/soak] $*" >&2; }

for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/temurin-25*; do
  if [[ -x $candidate/bin/java ]]; then export JAVA_HOME=$candidate; break; fi
done
[[ -x ${JAVA_HOME:-}/bin/java ]] || { log "no JDK 25: set JAVA_HOME"; exit 1; }
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >&2; }

started=()
pg_dir=
cleanup() {
  for p in "${started[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  if [[ -n $pg_dir ]]; then as_pg "$PGBIN/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ ${SOAK_PG:-} == private && " $SOAK_BACKENDS " == *" jobrunr "* ]]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_PORT=${PG_PORT:-5440}
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/soak-pg.XXXXXX")
  [[ $(id -u) == 0 ]] && chown postgres "$pg_dir"
  as_pg "$PGBIN/initdb" -D "$pg_dir/data" -U postgres -A trust >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w \
    -o "-p $PG_PORT -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  export PG_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
  log "private PostgreSQL ($("$PGBIN/postgres" --version)) at $PG_JDBC_URL"
fi
if [[ " $SOAK_BACKENDS " == *" jobrunr "* ]] && command -v pg_isready >/dev/null && ! pg_isready -q -d "${PG_JDBC_URL#jdbc:}"; then
  log "PostgreSQL at $PG_JDBC_URL does not answer"; exit 1
fi

log "building"
(cd "$ROOT" && ./mvnw -q -B package -DskipTests -pl bench -am) >&2
JAR=$(ls "$ROOT"/bench/target/bgtasks-bench-*.jar | grep -v original | head -1)

# Two private servers, no persistence: the measured one holds only the run's keys, so DBSIZE and used_memory are
# the run's; the ledger is apart so that recording which tasks ran does not add to what is measured.
for p in "$PORT" "$LEDGER_PORT"; do
  if redis-cli -p "$p" ping >/dev/null 2>&1; then
    log "port $p already answers: stop that server or pick PORT / LEDGER_PORT"; exit 1
  fi
  redis-server --port "$p" --save '' --appendonly no --daemonize yes --logfile "$RESULTS/redis-$p.log" >&2
  started+=("$p")
done
for p in "$PORT" "$LEDGER_PORT"; do
  for _ in $(seq 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

log "$SOAK_BACKENDS for ${SOAK_SECONDS:-$((SOAK_MINUTES * 60))} s at $SOAK_RATE tasks/s, worker SIGKILLed every $SOAK_KILL_EVERY_S s, $(nproc) CPUs -> $RESULTS"
pids=()
for b in $SOAK_BACKENDS; do
  "$JAVA_HOME/bin/java" -Xmx256m -jar "$JAR" "$b" soak >"$RESULTS/soak-$b.jsonl" 2>"$RESULTS/soak-$b.log" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for b in $SOAK_BACKENDS; do
  cp "$RESULTS/soak-$b.jsonl" "$SOAK_OUT/soak-$b.jsonl"
  grep '"soak-summary"' "$RESULTS/soak-$b.jsonl" || { log "$b: no summary, see $RESULTS/soak-$b.log"; tail -20 "$RESULTS/soak-$b.log" >&2; }
done
exit $status
