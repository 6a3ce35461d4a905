#!/usr/bin/env bash
# How far one Redis goes: for each count in SCALE_WORKERS (default "1 2 4" as 1,2,4), N no-op tasks (N_PROCESS,
# default N=50000) are preloaded, that many worker JVMs start (concurrency C, default 100, each), and the backlog is
# drained; one JSON line per count with throughput and Redis CPU per task. RUNS (default 1) repeats it; RESULTS
# collects the lines. Meant for a machine with more cores than workers; on 2 cores the workers and Redis share them.
#
#   bench/scale.sh                              # env: SCALE_WORKERS, N, C, RUNS, RESULTS, PORT (6390), REDIS_URL
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=${PEERS:-$(cd "$ROOT/../shared/peers" 2>/dev/null && pwd || echo /work/shared/peers)}
RUNS=${RUNS:-1}
export PORT=${PORT:-6390}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$PORT}
export SCALE_WORKERS=${SCALE_WORKERS:-1,2,4}
mkdir -p "$ROOT/bench/results"
RESULTS=${RESULTS:-$ROOT/bench/results/scale-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
log() { echo "[bench/scale] $*" >&2; }

for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/temurin-25*; do
  if [[ -x $candidate/bin/java ]]; then export JAVA_HOME=$candidate; break; fi
done
[[ -x ${JAVA_HOME:-}/bin/java ]] || { log "no JDK 25: set JAVA_HOME"; exit 1; }
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >&2; }

log "building"
(cd "$ROOT" && ./mvnw -q -B package -DskipTests -pl bench -am) >&2
JAR=$(ls "$ROOT"/bench/target/bgtasks-bench-*.jar | grep -v original | head -1)
started_redis=no
if [[ $REDIS_URL == "redis://127.0.0.1:$PORT" ]] && ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
  "$PEERS/redis-peer.sh" start >&2
  started_redis=yes
fi
trap '[[ $started_redis == yes ]] && "$PEERS/redis-peer.sh" stop >&2' EXIT

log "workers $SCALE_WORKERS on $REDIS_URL, $(nproc) CPUs, $RUNS run(s) -> $RESULTS"
for ((r = 1; r <= RUNS; r++)); do
  WARMUP=0 "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$JAR" redis scale | tee -a "$RESULTS"
done
