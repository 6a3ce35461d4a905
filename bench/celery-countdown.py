"""Celery delayed tasks (apply_async with eta), measured like bgtasks' `schedule` scenarios (ScheduleScenarios.java).

  python celery-countdown.py          the benchmark: JSON lines on stdout (shared peer format), logs on stderr
  python celery-countdown.py worker   one worker (internal: the benchmark starts it, see Worker)

A sample is the task's start minus its due time (the eta), both on the wall clock, in ms; negative = started early.
`countdown=d` is `eta=now+d` taken in the client, so the eta is passed directly: it is the due time, in whole ms
like bgtasks' and BullMQ's. A Celery worker fetches an eta task at once and holds it in memory until its time.
  schedule        SCHED_N tasks one at a time, each due SCHED_DELAY_MS after it is sent; idle prefork worker
                  (LAT_CONCURRENCY); the task pushes its start to a reply list; LAT_GAP_MS (+ up to
                  SCHED_JITTER_MS) after each start
  schedule-burst  SCHED_BURST_N tasks sent ahead under one producer (the cheapest public path; kombu's Redis
                  transport has no batch publish), due evenly over SCHED_BURST_SPREAD_MS from SCHED_BURST_LEAD_MS
                  after the first send; prefork worker with PREFORK_C (2, Celery's default on 2 CPUs). Starts go to
                  a shared array made before the pool forks; the last task pushes it to Redis once (no Redis write
                  per task, as bgtasks and BullMQ keep theirs in memory). Extras as bgtasks': last_late_ms (last
                  start minus last due time), min/p90/max, early (started before due), submit_s, submit_margin_ms
                  (first due time minus the end of the sends: negative = still sending when tasks fell due)

Settings as ../shared/peers/celery/celery_bench.py: no result backend, json, prefetch multiplier 4, acks_late False,
every key under a per-run global_keyprefix that is deleted at the end. Knobs (env): REDIS_URL, SCHED_N (200),
SCHED_DELAY_MS (200), SCHED_WARMUP (5), SCHED_JITTER_MS (0), LAT_GAP_MS (5), LAT_CONCURRENCY (1), SCHED_BURST_N (10000),
SCHED_BURST_LEAD_MS (2000), SCHED_BURST_SPREAD_MS (1000), PREFORK_C (2), WARMUP (2000; >0: an unmeasured tenth of the
burst first), STALL_MS (60000), SCENARIOS (schedule,schedule-burst), WORKER_LOG.
"""
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version

import redis
from celery import Celery


def num(key, default):
    return int(os.environ.get(key, "").strip() or default)


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6390")
SCHED_N, SCHED_DELAY_MS, SCHED_WARMUP = num("SCHED_N", 200), num("SCHED_DELAY_MS", 200), num("SCHED_WARMUP", 5)
LAT_GAP_MS, LAT_CONCURRENCY, JITTER_MS = num("LAT_GAP_MS", 5), num("LAT_CONCURRENCY", 1), num("SCHED_JITTER_MS", 0)
BURST_N, LEAD_MS, SPREAD_MS = num("SCHED_BURST_N", 10000), num("SCHED_BURST_LEAD_MS", 2000), num("SCHED_BURST_SPREAD_MS", 1000)
PREFORK_C, WARMUP, STALL_S = num("PREFORK_C", 2), num("WARMUP", 2000), num("STALL_MS", 60000) / 1000
SCENARIOS = os.environ.get("SCENARIOS", "schedule,schedule-burst").split(",")
KEYPREFIX = os.environ.get("PEER_KEYPREFIX", f"peersched-{os.getpid()}:")  # the worker gets the benchmark's

app = Celery("peersched", broker=REDIS_URL)
app.conf.update(task_ignore_result=True, broker_connection_retry_on_startup=True,
                broker_transport_options={"global_keyprefix": KEYPREFIX})

# ------------------------------------------------------------------ worker side
STARTS = None  # burst: shared start times (epoch s) and a counter, made before the pool forks
COUNT = None
EXPECT = num("PEER_EXPECT", 0)
_redis = None


def r():
    global _redis
    if _redis is None:  # one client per process: pool children make theirs after the fork
        # no socket timeout: redis-py 8's default (5 s) would cut the burst's long BLPOP short
        _redis = redis.Redis.from_url(REDIS_URL, socket_timeout=None)
    return _redis


@app.task(name="peersched.due")
def due(k, reply):
    t = time.time()
    if reply:  # idle scenario: the benchmark waits for this one task
        r().rpush(reply, f"{k} {t!r}")
        return
    STARTS[k] = t
    with COUNT.get_lock():
        COUNT.value += 1
        last = COUNT.value == EXPECT
    if last:
        r().rpush(KEYPREFIX + "starts", json.dumps(list(STARTS)))


@app.task(name="peersched.ping")
def ping(reply):
    r().rpush(reply, "1")


def worker():
    """`python celery-countdown.py worker CONCURRENCY QUEUE`: `celery worker -P prefork -c C -Q QUEUE -l WARNING`."""
    global STARTS, COUNT
    concurrency, queue = int(sys.argv[2]), sys.argv[3]
    if EXPECT:
        import multiprocessing
        STARTS = multiprocessing.Array("d", EXPECT, lock=False)  # each slot written by one task only
        COUNT = multiprocessing.Value("q", 0)
    w = app.Worker(pool_cls="prefork", concurrency=concurrency, queues=[queue], loglevel="WARNING",
                   hostname=f"peersched-{os.getpid()}@localhost", quiet=True)
    w.start()
    sys.exit(w.exitcode)


# ------------------------------------------------------------------ benchmark side
def log(*a):
    print("[celery-countdown]", *a, file=sys.stderr, flush=True)


def r3(x):
    return None if x is None else round(x, 3)


def pct(s, p):
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


def spread(late):
    s = sorted(late)
    return {"min_ms": r3(s[0]), "p90_ms": r3(pct(s, 90)), "max_ms": r3(s[-1]), "early": sum(1 for x in s if x < 0)}


def emit(scenario, jobs, seconds, samples, extra):
    s = sorted(samples)
    print(json.dumps({"system": "celery", "version": version("celery"), "scenario": scenario, "jobs": jobs,
                      "seconds": r3(seconds), "jobs_per_s": round(jobs / seconds, 1), "p50_ms": r3(pct(s, 50)),
                      "p99_ms": r3(pct(s, 99)), **extra}), flush=True)


def machine_busy():
    f = open("/proc/stat").readline().split()[1:]
    return sum(int(f[i]) for i in (0, 1, 2, 5, 6, 7) if i < len(f)) / 100


def group_cpu(pgid):
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            s = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        f = s[s.rindex(")") + 2:].split()
        if int(f[2]) == pgid:
            ticks += int(f[11]) + int(f[12])
    return ticks / 100


def redis_cpu():
    i = r().info("cpu")
    return i["used_cpu_user"] + i["used_cpu_sys"]


class Cpu:
    """CPU seconds since creation: this process, the worker's process group, Redis, and the rest of the machine."""

    def __init__(self, pgid):
        self.pgid, self.w, self.red = pgid, group_cpu(pgid), redis_cpu()
        self.own, self.m = time.process_time(), machine_busy()

    def since(self):
        m, own, w, red = machine_busy(), time.process_time() - self.own, group_cpu(self.pgid) - self.w, redis_cpu() - self.red
        return {"client_cpu_s": r3(own), "worker_cpu_s": r3(w), "redis_cpu_s": r3(red),
                "other_cpu_s": r3(max(0.0, m - self.m - own - w - red))}


class Worker:
    """A worker process (own process group) on queue q, answering pings before it is used, then idle."""
    seq = 0

    def __init__(self, concurrency, expect=0):
        Worker.seq += 1
        self.q = f"sched-{Worker.seq}"
        self.log = open(os.environ.get("WORKER_LOG") or os.path.join(tempfile.gettempdir(), f"celery-sched-{os.getpid()}.log"), "a")
        env = {**os.environ, "PEER_KEYPREFIX": KEYPREFIX, "PEER_EXPECT": str(expect)}
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "worker", str(concurrency), self.q],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        reply = KEYPREFIX + "ping-" + self.q
        for _ in range(20):
            ping.apply_async((reply,), queue=self.q)
        for _ in range(20):
            if not r().blpop(reply, timeout=STALL_S):
                self.stop()
                raise RuntimeError(f"worker on {self.q} did not answer its pings; see {self.log.name}")
        time.sleep(0.2)  # back in its blocking BRPOP: idle

    def stop(self):
        try:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # pool children left behind, if any
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.log.close()


def eta(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def idle(measured, warm):
    w = Worker(LAT_CONCURRENCY)
    reply = KEYPREFIX + "reply-" + w.q
    try:
        late = []
        cpu, t0 = Cpu(w.proc.pid), time.perf_counter()
        for k in range(warm + measured):
            if k == warm:
                cpu, t0 = Cpu(w.proc.pid), time.perf_counter()
            due_ms = int(time.time() * 1000) + SCHED_DELAY_MS
            due.apply_async((k, reply), queue=w.q, eta=eta(due_ms))
            got = r().blpop(reply, timeout=STALL_S + SCHED_DELAY_MS / 1000)
            if not got:
                raise RuntimeError(f"delayed task {k} did not start; see {w.log.name}")
            j, t = got[1].split()
            if int(j) != k:
                raise RuntimeError(f"expected task {k}, got {j}")
            if k >= warm:
                late.append(float(t) * 1000 - due_ms)
            gap = LAT_GAP_MS + random.random() * JITTER_MS  # see SCHED_JITTER_MS in Knobs.java
            if gap:
                time.sleep(gap / 1000)
        s = time.perf_counter() - t0
        emit("schedule", measured, s, late, {"delay_ms": SCHED_DELAY_MS, "jitter_ms": JITTER_MS, "pool": "prefork", "concurrency": LAT_CONCURRENCY,
                                             "gap_ms": LAT_GAP_MS, **spread(late), **cpu.since()})
    finally:
        w.stop()


def burst(n, lead_ms, spread_ms, report):
    r().delete(KEYPREFIX + "starts")
    w = Worker(PREFORK_C, expect=n)
    try:
        cpu = Cpu(w.proc.pid)
        t0 = int(time.time() * 1000)
        first_due = t0 + lead_ms
        dues = [first_due + k * spread_ms // n for k in range(n)]
        a = time.perf_counter()
        with app.producer_or_acquire() as producer:
            for k in range(n):
                due.apply_async((k, None), queue=w.q, eta=eta(dues[k]), producer=producer)
        submit_s = time.perf_counter() - a
        margin_ms = first_due - int(time.time() * 1000)  # negative: still sending when the first tasks fell due
        got = r().blpop(KEYPREFIX + "starts", timeout=STALL_S + (lead_ms + spread_ms) / 1000)
        if not got:
            raise RuntimeError(f"burst: not all {n} tasks started; see {w.log.name}")
        extra = cpu.since()
        starts = [t * 1000 for t in json.loads(got[1])]
        late = [s - d for s, d in zip(starts, dues)]
        first, last = min(starts), max(starts)
        if report:
            emit("schedule-burst", n, max(1e-6, (last - min(first, first_due)) / 1000), late, {
                "lead_ms": lead_ms, "spread_ms": spread_ms, "pool": "prefork", "concurrency": PREFORK_C,
                "last_late_ms": r3(last - dues[-1]), **spread(late), "submit_s": r3(submit_s), "submit_margin_ms": margin_ms, **extra})
    finally:
        w.stop()


def cleanup():
    keys = list(r().scan_iter(match=KEYPREFIX + "*", count=1000))
    for i in range(0, len(keys), 1000):
        r().delete(*keys[i:i + 1000])


def main():
    log(f"celery {version('celery')}, kombu {version('kombu')}, redis-py {version('redis')}, {REDIS_URL}, {SCENARIOS}")
    try:
        if "schedule" in SCENARIOS:
            idle(SCHED_N, SCHED_WARMUP)
        if "schedule-burst" in SCENARIOS:
            if WARMUP > 0:
                burst(max(1, BURST_N // 10), 500, 200, False)
            burst(BURST_N, LEAD_MS, SPREAD_MS, True)
    finally:
        cleanup()


if __name__ == "__main__":
    worker() if sys.argv[1:2] == ["worker"] else main()
