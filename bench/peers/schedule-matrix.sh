#!/usr/bin/env bash
# Rows 9 (a delayed task across a graceful restart) and 10 (a recurring task while one of three processes is
# killed) of docs/failure-matrix.md, played against real FastAPI/uvicorn and Celery processes by
# schedule_matrix.py; prints the JSON lines of docs/performance-data/failure-matrix-peers.jsonl.
#
#   bench/peers/schedule-matrix.sh            JSON lines on stdout
#   bench/peers/schedule-matrix.sh --merge    and replaces rows 9 and 10 in failure-matrix-peers.jsonl
#
# Needs two venvs (not installed here): CELERY_DIR/venv with celery 5.6.3 + redis, FASTAPI_DIR/venv with
# fastapi + uvicorn[standard] (defaults /tmp/peers/celery, /tmp/peers/fastapi), and a Redis at REDIS_URL
# (default redis://127.0.0.1:6390) that the run may write to (its keys carry a prefix of their own and are
# deleted at the end). SYSTEMS, SCENARIOS, WORK_DIR, GRACE_S: see schedule_matrix.py. About 4 minutes.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CELERY_DIR=${CELERY_DIR:-${TMPDIR:-/tmp}/peers/celery}
FASTAPI_DIR=${FASTAPI_DIR:-${TMPDIR:-/tmp}/peers/fastapi}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6390}
export FASTAPI_PY=${FASTAPI_PY:-$FASTAPI_DIR/venv/bin/python}
CELERY_PY=$CELERY_DIR/venv/bin/python

"$CELERY_PY" -c 'import celery, redis' 2>/dev/null || { echo "no celery/redis in $CELERY_PY" >&2; exit 1; }
"$FASTAPI_PY" -c 'import fastapi, uvicorn, uvloop, httptools' 2>/dev/null || { echo "no fastapi/uvicorn in $FASTAPI_PY" >&2; exit 1; }
"$CELERY_PY" -c 'import redis, os; redis.Redis.from_url(os.environ["REDIS_URL"]).ping()' 2>/dev/null \
  || { echo "Redis not reachable at $REDIS_URL" >&2; exit 1; }

if [[ ${1:-} == --merge ]]; then
  exec "$CELERY_PY" "$HERE/schedule_matrix.py" --merge "$ROOT/docs/performance-data/failure-matrix-peers.jsonl"
fi
exec "$CELERY_PY" "$HERE/schedule_matrix.py"
