#!/usr/bin/env bash
# One command for docs/performance.md: builds the bench module, starts the private Redis of the peers
# (port 6390, no persistence), then RUNS times, interleaved: bgtasks on each backend, the BullMQ peer on the
# same Redis, the HTTP response-overhead pairs, and the cost sweeps. Every JSON line goes to $RESULTS; at the
# end the medians per (system, scenario) and the ratios against the targets are printed.
#
#   bench/run.sh                      # env: RUNS (3), BACKENDS ("redis inmemory"), PARTS, PEERS, RESULTS, ...
#
# PARTS picks what runs per round (default "queue bullmq celery rawjobrunr pg http fastapi sweep schedule"): queue = add,
# add-bulk, process, latency (and memory on Redis) per backend; bullmq = the BullMQ peer (run-bullmq.sh) plus its
# memory figure; celery = the Celery peer on the same Redis (celery/run-celery.sh: add, add-bulk, process with the
# prefork and threads pools, latency); fastapi = FastAPI BackgroundTasks on uvicorn, driven by wrk like our http
# part (fastapi/run-fastapi.sh); leave celery and fastapi out of PARTS to skip the Python peers; rawjobrunr = JobRunr's own API on the same H2 storage (RawJobRunr.java); pg = bgtasks on JobRunr and
# raw JobRunr, add, add-bulk and process (ours also latency, and latency-remote: producer and worker in two JVMs),
# on the PostgreSQL at PG_JDBC_URL (skipped when it does not answer);
# http = wrk against /bench/none and /bench/three per backend; sweep = batch size, payload size and steps per
# batch on Redis; schedule = delayed tasks (startAt) per backend, then BullMQ's `delay` (bench/bullmq-delayed.mjs) and
# Celery's eta (bench/celery-countdown.py) on the same Redis: lateness (start - due time) of SCHED_N (200; JobRunr
# SCHED_N_JOBRUNR, 20) one-at-a-time tasks due SCHED_DELAY_MS (200) after submission with an idle worker, and of a burst
# of SCHED_BURST_N (10000; JobRunr SCHED_BURST_N_JOBRUNR, 1000) submitted in bulk, due over SCHED_BURST_SPREAD_MS (1000)
# from SCHED_BURST_LEAD_MS (2000) after the first submission; SCHED_WARMUP (5) unmeasured first; SCHED_JITTER_MS (0): up
# to that much random extra gap between the one-at-a-time tasks.
# Every knob of bench (see Knobs.java) and of the peer (N, C, BULK_CHUNK, LAT_N, ...) passes through.
# JAVA_OPTS is added to the bench JVMs (e.g. -XX:StartFlightRecording=filename=/tmp/b.jfr for a profile).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=${PEERS:-$(cd "$ROOT/../shared/peers" 2>/dev/null && pwd || echo /work/shared/peers)}
RUNS=${RUNS:-3}
BACKENDS=${BACKENDS:-redis inmemory jobrunr}
PARTS=${PARTS:-queue bullmq celery rawjobrunr pg http fastapi sweep schedule}
PG_JDBC_URL=${PG_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export PORT=${PORT:-6390}
export REDIS_URL=redis://127.0.0.1:$PORT
BULLMQ_DIR=${BULLMQ_DIR:-${TMPDIR:-/tmp}/peers/bullmq}
CELERY_DIR=${CELERY_DIR:-${TMPDIR:-/tmp}/peers/celery}
FASTAPI_DIR=${FASTAPI_DIR:-${TMPDIR:-/tmp}/peers/fastapi}
mkdir -p "$ROOT/bench/results"
RESULTS=${RESULTS:-$ROOT/bench/results/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
log() { echo "[bench/run] $*" >&2; }

# JDK 25, as in .ci/run
for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/temurin-25*; do
  if [[ -x $candidate/bin/java ]]; then export JAVA_HOME=$candidate; break; fi
done
[[ -x ${JAVA_HOME:-}/bin/java ]] || { log "no JDK 25: set JAVA_HOME"; exit 1; }
# Tools from Debian packages: wrk (HTTP load generator), redis-server/redis-cli, node/npm (the peer)
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v redis-server >/dev/null || need+=(redis-server)
command -v node >/dev/null || need+=(nodejs npm)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >&2
fi

log "building"
(cd "$ROOT" && ./mvnw -q -B package -DskipTests -pl bench -am) >&2
JAR=$(ls "$ROOT"/bench/target/bgtasks-bench-*.jar | grep -v original | head -1)

started_redis=no
if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
  "$PEERS/redis-peer.sh" start >&2
  started_redis=yes
fi
trap '[[ $started_redis == yes ]] && "$PEERS/redis-peer.sh" stop >&2' EXIT

# Shared 2-core machine: wait (up to QUIET_WAIT_S) for it to be at most QUIET_MAX_PCT % busy, like the peer
busy_pct() {
  local a b
  read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ </proc/stat; sleep 1
  read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ </proc/stat
  a=$(( (b1+b2+b3+b6+b7+b8) - (a1+a2+a3+a6+a7+a8) )); b=$(( a + (b4+b5) - (a4+a5) ))
  echo $(( b > 0 ? 100 * a / b : 0 ))
}
wait_quiet() {
  local waited=0 p
  while p=$(busy_pct); ((p > ${QUIET_MAX_PCT:-10})); do
    if ((waited >= ${QUIET_WAIT_S:-120})); then log "machine still ${p}% busy; running anyway (see other_cpu_s)"; return 0; fi
    sleep 4; waited=$((waited + 5))
  done
}
bench() { # bench BACKEND [SCENARIOS]
  wait_quiet
  log "bgtasks $*${JOBRUNR_JDBC_URL:+ (JobRunr on ${JOBRUNR_JDBC_URL%%\?*})}"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$JAR" "$@" | tee -a "$RESULTS"
}
raw() { # raw [SCENARIOS]: the raw JobRunr peer
  wait_quiet
  log "raw jobrunr $*${JOBRUNR_JDBC_URL:+ (on ${JOBRUNR_JDBC_URL%%\?*})}"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -cp "$JAR" io.bgtasks.bench.RawJobRunr "$@" | tee -a "$RESULTS"
}
# The schedule part runs our own scripts on the peers' installs: let their run scripts install them if missing
install_peers() {
  [[ -d $BULLMQ_DIR/node_modules/bullmq ]] ||
    N=1 WARMUP=0 SCENARIOS=add RUNS=1 RESULTS=/dev/null "$PEERS/run-bullmq.sh" "$BULLMQ_DIR" >/dev/null
  [[ -x $CELERY_DIR/venv/bin/python ]] || INSTALL_ONLY=1 "$PEERS/celery/run-celery.sh" "$CELERY_DIR" >&2
}
# Is the PostgreSQL of PG_JDBC_URL (jdbc:postgresql://host[:port]/db...) answering?
pg_up() {
  local host port
  host=$(sed -nE 's#^jdbc:postgresql://([^/:?]*).*#\1#p' <<<"$PG_JDBC_URL")
  port=$(sed -nE 's#^jdbc:postgresql://[^/:?]*:([0-9]+).*#\1#p' <<<"$PG_JDBC_URL")
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "${host:-localhost}" -p "${port:-5432}"
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/${host:-localhost}/${port:-5432}" 2>/dev/null
  fi
}

log "redis $(redis-cli -p "$PORT" info server | tr -d '\r' | sed -n 's/^redis_version://p') on port $PORT; $(nproc) CPUs; results -> $RESULTS"
pg_ok=yes
if [[ " $PARTS " == *" pg "* ]] && ! pg_up; then
  log "PostgreSQL at ${PG_JDBC_URL%%\?*} does not answer: part pg skipped"
  pg_ok=no
fi
for ((r = 1; r <= RUNS; r++)); do
  log "round $r/$RUNS"
  for part in $PARTS; do
    case $part in
      queue) for b in $BACKENDS; do bench "$b"; done ;;
      bullmq)
        QUIET_WAIT_S=${QUIET_WAIT_S:-120} RUNS=1 RESULTS=$RESULTS "$PEERS/run-bullmq.sh" "$BULLMQ_DIR" >/dev/null
        tail -4 "$RESULTS"
        BULLMQ_DIR=$BULLMQ_DIR node "$ROOT/bench/bullmq-memory.mjs" | tee -a "$RESULTS" ;;
      celery) # the Python peers install into their own venv on first use (PyPI)
        QUIET_WAIT_S=${QUIET_WAIT_S:-120} RUNS=1 RESULTS=$RESULTS REDIS_URL=$REDIS_URL "$PEERS/celery/run-celery.sh" "$CELERY_DIR" >/dev/null
        grep '"system": *"celery"' "$RESULTS" | tail -6 ;;
      fastapi)
        QUIET_WAIT_S=${QUIET_WAIT_S:-120} RUNS=1 RESULTS=$RESULTS "$PEERS/fastapi/run-fastapi.sh" "$FASTAPI_DIR" >/dev/null
        grep '"system": *"fastapi"' "$RESULTS" | tail -4 ;;
      rawjobrunr) raw ;;
      pg) # latency-remote: a web-only JVM stores, a worker JVM picks up (LISTEN/NOTIFY)
        [[ $pg_ok == yes ]] || continue
        JOBRUNR_JDBC_URL=$PG_JDBC_URL bench jobrunr add,add-bulk,process,latency,latency-remote
        JOBRUNR_JDBC_URL=$PG_JDBC_URL raw add,add-bulk,process ;;
      http) for b in $BACKENDS; do bench "$b" http; done ;;
      sweep) [[ " $BACKENDS " == *" redis "* ]] && bench redis sweep ;;
      schedule) # ours per backend, then the two peers' delayed jobs on the same Redis
        for b in $BACKENDS; do bench "$b" schedule; done
        install_peers
        wait_quiet; log "bullmq delayed jobs"
        BULLMQ_DIR=$BULLMQ_DIR node "$ROOT/bench/bullmq-delayed.mjs" | tee -a "$RESULTS" || log "bullmq delayed jobs failed"
        wait_quiet; log "celery eta tasks"
        PYTHONDONTWRITEBYTECODE=1 WORKER_LOG=$CELERY_DIR/worker.log "$CELERY_DIR/venv/bin/python" "$ROOT/bench/celery-countdown.py" |
          tee -a "$RESULTS" || log "celery eta tasks failed (worker log: $CELERY_DIR/worker.log)" ;;
      *) log "unknown part $part"; exit 2 ;;
    esac
  done
done

# Medians of every line, and medians of the lines taken on a quiet machine (clean.mjs); ratios of both
MEDIANS=${RESULTS%.jsonl}.medians.jsonl
CLEAN=${RESULTS%.jsonl}.clean.jsonl
node "$PEERS/bench-median.mjs" "$RESULTS" >"$MEDIANS"
node "$ROOT/bench/clean.mjs" "$RESULTS" >"$CLEAN"
node "$PEERS/bench-median.mjs" "$CLEAN" >"${CLEAN%.jsonl}.medians.jsonl"
log "medians over $RUNS round(s) -> $MEDIANS (quiet-machine lines only: ${CLEAN%.jsonl}.medians.jsonl)"
cat "$MEDIANS"
echo "## all lines"
node "$ROOT/bench/summary.mjs" "$MEDIANS"
echo "## quiet-machine lines only (other_cpu_s <= ${CLEAN_MAX:-0.1} of the machine)"
node "$ROOT/bench/summary.mjs" "${CLEAN%.jsonl}.medians.jsonl"
