"""Rows 9 and 10 of docs/failure-matrix.md (FailureMatrixScheduleTest) played against the real peers.

  python schedule_matrix.py                 JSON lines (the format of failure-matrix-peers.jsonl) on stdout
  python schedule_matrix.py --merge FILE    the same, and FILE's lines of rows 9 and 10 replaced by them
  python schedule_matrix.py worker|beat ... a Celery worker / beat process (internal)

Row 9, a task due 8 s after submission, its only process stopped by SIGTERM and started again:
  fastapi            no delay feature: a BackgroundTasks `def` task that sleeps until the due time
                     (schedule_fastapi_app.py, one uvicorn process); uvicorn's defaults, and once more with
                     --timeout-graceful-shutdown GRACE_S (2) to show what a bounded stop does
  celery-*           apply_async(countdown=8) to one prefork worker (concurrency 1); SIGTERM (warm shutdown)
                     1.5 s later, a new worker started at once
Row 10, a schedule firing every second in three processes, one SIGKILLed after 10 s, the others stopped
23 s later; everything down 10 s; one restarted:
  fastapi            a loop started in the app's lifespan, firing at each whole second, in each of three
                     uvicorn processes (three instances of one app)
  celery-*           three `celery beat` processes (Celery's Beat service, PersistentScheduler, one schedule
                     file each, as on three hosts) with a 1 s interval entry, one worker running the ticks;
                     the SIGTERMed beat is the one restarted, with its schedule file

Each system gets its own key prefix on Redis (REDIS_URL, default redis://127.0.0.1:6390), deleted at the end.
Env: FASTAPI_PY (python of a venv with fastapi and uvicorn), SYSTEMS, SCENARIOS (9,10), WORK_DIR, GRACE_S.
"""
import collections
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from importlib.metadata import version

import redis
from celery import Celery
from celery.beat import PersistentScheduler

HERE = os.path.dirname(os.path.abspath(__file__))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6390")
VIS = 10  # visibility timeout of the acks-late configuration, as in the other rows
GRACE_S = int(os.environ.get("GRACE_S", "2"))
TITLE9 = "9. a delayed task across a graceful restart"
TITLE10 = "10. a recurring task while one of three processes is killed"


# ------------------------------------------------------------------ records in files
def record(directory, name, text):
    fd = os.open(os.path.join(directory, name), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (text + "\n").encode())
    finally:
        os.close(fd)


def read(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


def wait_for(predicate, timeout, step=0.1):
    end = time.time() + timeout
    while True:
        value = predicate()
        if value or time.time() > end:
            return value
        time.sleep(step)


# ------------------------------------------------------------------ Celery app (driver, worker, beat)
def celery_app(config, prefix, directory):
    app = Celery("sm", broker=REDIS_URL)
    transport = {"global_keyprefix": prefix}
    conf = {"broker_connection_retry_on_startup": True, "task_ignore_result": True,
            "beat_schedule": {"every-second": {"task": "sm.tick", "schedule": 1.0}}}
    if config == "acks-late":
        transport["visibility_timeout"] = VIS
        conf.update(task_acks_late=True, task_reject_on_worker_lost=True, task_acks_on_failure_or_timeout=False)
    app.conf.update(broker_transport_options=transport, **conf)

    @app.task(name="sm.later", bind=True)
    def later(self, key):
        record(directory, key, f"{key} later {os.getpid()} {time.time():.3f} {self.request.id}")

    @app.task(name="sm.tick", bind=True)
    def tick(self):
        record(directory, "ran", f"ran {self.request.id} {os.getpid()} {time.time():.3f}")

    @app.task(name="sm.ping")
    def ping(key):
        record(directory, key, f"{key} ping {os.getpid()} {time.time():.3f}")

    return app, later, ping


class RecordingScheduler(PersistentScheduler):
    """Celery's default scheduler; it only writes down what it sends (id, time, the entry's previous run)."""

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        previous = entry.last_run_at.timestamp() if entry.last_run_at else 0.0
        result = super().apply_async(entry, producer=producer, advance=advance, **kwargs)
        record(os.environ["SM_DIR"], "sent",
               f"sent {result.id} {os.getpid()} {time.time():.3f} {previous:.3f}")
        return result


def run_worker():
    app, _, _ = celery_app(os.environ["SM_CONFIG"], os.environ["SM_PREFIX"], os.environ["SM_DIR"])
    w = app.Worker(pool_cls="prefork", concurrency=1, loglevel="INFO", hostname=f"sm-{os.getpid()}@localhost",
                   quiet=True)
    w.start()
    sys.exit(w.exitcode)


def run_beat():
    app, _, _ = celery_app(os.environ["SM_CONFIG"], os.environ["SM_PREFIX"], os.environ["SM_DIR"])
    record(os.environ["SM_DIR"], "beat-start", f"start {os.getpid()} {time.time():.3f}")
    app.Beat(loglevel="INFO", schedule=sys.argv[2], scheduler=RecordingScheduler, quiet=True).run()


# ------------------------------------------------------------------ processes
class Proc:
    """A child in its own session (so a SIGKILL of its group takes its children too), output to a log."""

    def __init__(self, cmd, env, log):
        self.log = log
        with open(log, "a") as out:
            self.p = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                      start_new_session=True, cwd=os.path.dirname(log))
        self.pid = self.p.pid

    def term(self, timeout=60):
        """SIGTERM, then waits: the seconds until it exited, or None (then it is SIGKILLed)."""
        t0 = time.time()
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout)
            return time.time() - t0
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.p.wait()

    def text(self):
        with open(self.log, errors="replace") as f:
            return f.read()


def free_port():
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        return so.getsockname()[1]


def http(method, url):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as r:
        return r.status


def uvicorn(directory, port, log, ticks=False, extra=()):
    py = os.environ.get("FASTAPI_PY", "python")
    cmd = [py, "-m", "uvicorn", "schedule_fastapi_app:app", "--app-dir", HERE, "--host", "127.0.0.1",
           "--port", str(port), "--loop", "uvloop", "--http", "httptools", "--no-access-log", *extra]
    p = Proc(cmd, {"SM_DIR": directory, "SM_TICKS": "1" if ticks else "0", "PYTHONDONTWRITEBYTECODE": "1"}, log)

    def up():
        try:
            return http("GET", f"http://127.0.0.1:{port}/up") == 200
        except OSError:
            return False

    if not wait_for(up, 60, 0.2):
        raise RuntimeError(f"uvicorn did not come up, see {log}")
    return p


def fresh(system, scenario):
    directory = os.path.join(WORK, f"{system}-{scenario}-{uuid.uuid4().hex[:6]}")
    os.makedirs(directory)
    return directory


def line(scenario, system, outcome, detail, seconds, t0):
    return {"matrix": "failure", "scenario": scenario, "title": TITLE9 if scenario == "9" else TITLE10,
            "system": system, "version": VERSIONS[system], "outcome": outcome, "detail": detail,
            "seconds": None if seconds is None else round(seconds, 2), "wall_s": round(time.time() - t0, 1)}


def times(n):
    return {0: "not run", 1: "once", 2: "twice"}.get(n, f"{n} times")


def s(x):
    return f"{x:.2f} s" if abs(x) < 10 else f"{x:.1f} s"


# ------------------------------------------------------------------ row 9
def fastapi_9(extra, label):
    """One uvicorn; POST a task due in 8 s; SIGTERM 1.5 s later; start a new process at once; watch until 12 s
    after the due time."""
    d = fresh("fastapi", "9" + label)
    port = free_port()
    first = uvicorn(d, port, os.path.join(d, "uvicorn-1.log"), extra=extra)
    submitted = time.time()
    due = submitted + 8
    http("POST", f"http://127.0.0.1:{port}/later?key=k&due={due:.3f}")
    time.sleep(1.5)
    stopped_in = first.term(timeout=30)
    second = uvicorn(d, port, os.path.join(d, "uvicorn-2.log"))
    restarted = time.time()
    wait_for(lambda: read(d, "k"), max(0.0, due + 12 - time.time()))
    runs = read(d, "k")
    second.term()
    log1 = first.text()
    return {"runs": runs, "due": due, "submitted": submitted, "stopped_in": stopped_in, "restarted": restarted,
            "first": first.pid, "second": second.pid, "log1": log1}


def row9_fastapi():
    t0 = time.time()
    plain = fastapi_9((), "")
    bounded = fastapi_9(("--timeout-graceful-shutdown", str(GRACE_S)), "b")
    how = ("no delay feature: a BackgroundTasks `def` task sleeping until its due time, one uvicorn process; "
           f"SIGTERM 1.5 s after the request")
    if plain["runs"]:
        r = plain["runs"][0]
        late = max(0.0, float(r[3]) - plain["due"])  # the sleep ends at the due time, give or take a millisecond
        in_stopping = int(r[2]) == plain["first"]
        outcome = "ran during the stop, on time" if in_stopping and late < 1 else "ran after the restart"
        detail = (f"{how}: uvicorn waits for background tasks before it exits (no limit by default), so the stop "
                  f"took {s(plain['stopped_in'])} and the task ran {s(late)} after its due time in the "
                  f"{'stopping' if in_stopping else 'new'} process, {times(len(plain['runs']))}; the new process could "
                  f"only start after the due time")
        seconds = late
    else:
        outcome, seconds = "lost", None
        detail = f"{how}: the stop took {s(plain['stopped_in'])}; not run by either process"
    if bounded["runs"]:
        detail += (f"; with --timeout-graceful-shutdown {GRACE_S} it ran "
                   f"{s(max(0.0, float(bounded['runs'][0][3]) - bounded['due']))} after its due time")
    else:
        cancelled = "Cancel" in bounded["log1"] or "timeout" in bounded["log1"].lower()
        detail += (f"; with --timeout-graceful-shutdown {GRACE_S} the stop took {s(bounded['stopped_in'])} and the "
                   f"task was lost{' (uvicorn: ' + first_line(bounded['log1'], ('graceful', 'Cancel')) + ')' if cancelled else ''}")
    return line("9", "fastapi", outcome, detail, seconds, t0)


def first_line(text, needles):
    for l in text.splitlines():
        if any(n in l for n in needles):
            return " ".join(l.split("] ", 1)[-1].removeprefix("ERROR:").split())[:80]
    return ""


def keys_state(r, prefix):
    """(messages waiting in queue lists, messages in the unacked hash) under prefix."""
    waiting = unacked = 0
    for k in r.scan_iter(match=prefix.encode() + b"*", count=1000):
        t = r.type(k)
        if t == b"list":
            waiting += r.llen(k)
        elif t == b"hash" and k.endswith(b"unacked"):
            unacked += r.hlen(k)
    return waiting, unacked


def celery_worker(config, prefix, d, n):
    return Proc([sys.executable, os.path.abspath(__file__), "worker"],
                {"SM_CONFIG": config, "SM_PREFIX": prefix, "SM_DIR": d}, os.path.join(d, f"worker-{n}.log"))


def await_ping(app_ping, d, key, timeout=90):
    app_ping.apply_async((key,))
    return wait_for(lambda: read(d, key), timeout, 0.1)


def cleanup(r, prefix):
    for k in list(r.scan_iter(match=prefix.encode() + b"*", count=1000)):
        r.delete(k)


def row9_celery(config):
    t0 = time.time()
    system = f"celery-{config}"
    d = fresh(system, "9")
    prefix = f"sm9-{uuid.uuid4().hex[:8]}:"
    r = redis.Redis.from_url(REDIS_URL)
    app, later, ping = celery_app(config, prefix, d)
    first = celery_worker(config, prefix, d, 1)
    second = None
    try:
        if not await_ping(ping, d, "ping1"):
            raise RuntimeError(f"worker did not start, see {d}")
        submitted = time.time()
        due = submitted + 8
        later.apply_async(("k",), countdown=8)
        time.sleep(1.5)
        held = keys_state(r, prefix)
        stopped_in = first.term(timeout=30)
        after_stop = keys_state(r, prefix)
        second = celery_worker(config, prefix, d, 2)
        restarted = time.time()
        wait_for(lambda: read(d, "k"), max(0.0, due + 30 - time.time()))
        time.sleep(2)  # a second run, if any, would come now
        runs = read(d, "k")
        log1 = first.text()
        restored = first_line(log1, ("Restoring",))
        before_due = restarted < due
        if runs:
            late = float(runs[0][3]) - due
            outcome = f"ran after the restart, {s(late)} late" if late >= 0.5 else "ran after the restart, on time"
            detail = (f"apply_async(countdown=8), prefork worker; 1.5 s later the worker held it unacked "
                      f"({held[1]} in Redis's unacked hash, {held[0]} queued); warm shutdown (SIGTERM) took "
                      f"{s(stopped_in)} and put it back in the queue ({after_stop[0]} queued, {after_stop[1]} unacked"
                      f"{'; log: ' + repr(restored) if restored else ''}); a new worker started "
                      f"{'before' if before_due else 'after'} the due time ran it {s(late)} after its due time, "
                      f"{times(len(runs))}")
            seconds = late
        else:
            outcome, seconds = "lost", None
            detail = (f"apply_async(countdown=8); held {held}, after the warm shutdown {after_stop} (queued, unacked); "
                      f"not run within 30 s of its due time")
        return line("9", system, outcome, detail, seconds, t0)
    finally:
        for p in (first, second):
            if p is not None and p.p.poll() is None:
                p.term(timeout=20)
        cleanup(r, prefix)


# ------------------------------------------------------------------ row 10
def count_per_second(ticks, lo, hi):
    """ticks: {second: count}; over the whole seconds in [lo, hi]: Counter of counts."""
    c = collections.Counter()
    for sec in range(math.ceil(lo), math.floor(hi) + 1):
        c[ticks.get(sec, 0)] += 1
    return c


def spread(counter):
    return ", ".join(f"{n} ran {k} time{'s' if k != 1 else ''}" for k, n in sorted(counter.items(), reverse=True) if n)


def row10_fastapi():
    t0 = time.time()
    d = fresh("fastapi", "10")
    ports = [free_port() for _ in range(3)]
    procs = [uvicorn(d, p, os.path.join(d, f"uvicorn-{i}.log"), ticks=True) for i, p in enumerate(ports)]
    try:
        time.sleep(2)
        start = time.time() + 1
        time.sleep(10)
        killed_at = time.time()
        procs[0].kill()
        time.sleep(23)
        end = time.time() - 1
        stops = [p.term() for p in procs[1:]]
        down = time.time()
        time.sleep(10)
        restarted_at = time.time()
        again = uvicorn(d, ports[1], os.path.join(d, "uvicorn-restart.log"), ticks=True)
        time.sleep(5)
        again.term()
        ticks = collections.Counter(int(t[1]) for t in read(d, "ticks"))
        before = count_per_second(ticks, start, killed_at - 0.5)
        after = count_per_second(ticks, killed_at + 1, end)
        outage = [sec for sec in ticks if down + 0.5 < sec < restarted_at]
        first_after = min((sec for sec in ticks if sec >= restarted_at), default=None)
        up = next((float(row[2]) for row in read(d, "lifecycle") if row[0] == "up" and int(row[1]) == again.pid), None)
        detail = (f"no scheduler in FastAPI: a loop started in the lifespan, firing at each whole second, in each of three "
                  f"uvicorn processes (one app, three instances); nothing shared, so every process fires every tick: "
                  f"before the kill {spread(before)}, after it {spread(after)}; after all were down 10 s the restarted "
                  f"process ran {len(outage)} of the missed ticks and went on from the next second"
                  f"{'' if first_after is None or up is None else ' (' + s(first_after - up) + ' after its start-up)'}")
        n = sorted(k for k, v in (before + after).items() if v)
        outcome = f"each tick ran {n[0]}–{n[-1]} times" if len(n) > 1 else f"each tick ran {n[0]} times"
        return line("10", "fastapi", outcome, detail, None, t0)
    finally:
        for p in procs:
            if p.p.poll() is None:
                p.kill()


def beat(config, prefix, d, n, schedule):
    return Proc([sys.executable, os.path.abspath(__file__), "beat", schedule],
                {"SM_CONFIG": config, "SM_PREFIX": prefix, "SM_DIR": d}, os.path.join(d, f"beat-{n}.log"))


def row10_celery(config):
    t0 = time.time()
    system = f"celery-{config}"
    d = fresh(system, "10")
    prefix = f"sm10-{uuid.uuid4().hex[:8]}:"
    r = redis.Redis.from_url(REDIS_URL)
    app, _, ping = celery_app(config, prefix, d)
    worker = celery_worker(config, prefix, d, 1)
    beats = []
    try:
        if not await_ping(ping, d, "ping1"):
            raise RuntimeError(f"worker did not start, see {d}")
        schedules = [os.path.join(d, f"schedule-{i}") for i in range(3)]
        beats = [beat(config, prefix, d, i, schedules[i]) for i in range(3)]
        # ticks flow once every beat has sent one
        wait_for(lambda: len({row[2] for row in read(d, "sent")}) == 3, 90, 0.2)
        time.sleep(2)
        start = time.time()
        time.sleep(10)
        killed_at = time.time()
        beats[0].kill()
        time.sleep(23)
        end = time.time()
        stops = [b.term() for b in beats[1:]]
        down = time.time()
        time.sleep(10)
        restarted_at = time.time()
        again = beat(config, prefix, d, "restart", schedules[1])
        beats.append(again)
        wait_for(lambda: any(int(row[2]) == again.pid for row in read(d, "sent")), 60, 0.1)
        time.sleep(5)
        again.term()
        # the worker runs what is queued: wait until every sent tick ran (or 20 s)
        wait_for(lambda: {row[1] for row in read(d, "sent")} <= {row[1] for row in read(d, "ran")}, 20, 0.2)
        sent = read(d, "sent")
        ran = collections.Counter(row[1] for row in read(d, "ran"))
        # a "tick" of the schedule: the whole second a beat sent it in
        per_second = collections.Counter()
        for row in sent:
            per_second[math.floor(float(row[3]))] += ran.get(row[1], 0)
        before = count_per_second(per_second, start, killed_at - 1)
        after = count_per_second(per_second, killed_at + 1, end - 1)
        twice = sum(1 for v in ran.values() if v > 1)
        lost = sum(1 for row in sent if row[1] not in ran)
        by_beat = collections.Counter(int(row[2]) for row in sent if start <= float(row[3]) <= end)
        rates = ", ".join(f"{by_beat[b.pid] / ((killed_at if i == 0 else end) - start):.2f}/s"
                          for i, b in enumerate(beats[:3]))
        restart_sends = sorted((float(row[3]), float(row[4])) for row in sent if int(row[2]) == again.pid)
        first_send, previous = restart_sends[0]
        overdue = first_send - previous
        in_first_second = sum(1 for t, _ in restart_sends if t < restart_sends[0][0] + 0.9)
        started = next((float(row[2]) for row in read(d, "beat-start") if int(row[1]) == again.pid), None)
        detail = (f"three celery beat processes (PersistentScheduler, one schedule file each), a 1 s interval entry, "
                  f"one worker; beat does not coordinate, each process sends its own ticks ({rates} per beat): per "
                  f"whole second, before the SIGKILL {spread(before)}, after it {spread(after)}; every sent task ran "
                  f"{'once' if not twice and not lost else f'once but {twice} ran twice and {lost} never'}; after all were down 10 s the restarted beat found the entry "
                  f"overdue by {s(overdue)} and sent {in_first_second} task at once"
                  f"{'' if started is None else ' (' + s(first_send - started) + ' after its start)'}, then one per "
                  f"second: the other missed ticks were skipped")
        n = sorted(k for k, v in (before + after).items() if v)
        outcome = f"each tick ran {n[0]}–{n[-1]} times" if len(n) > 1 else f"each tick ran {n[0]} times"
        return line("10", system, outcome, detail, None, t0)
    finally:
        for p in beats + [worker]:
            if p.p.poll() is None:
                p.term(timeout=20)
        cleanup(r, prefix)


# ------------------------------------------------------------------ main
WORK = os.environ.get("WORK_DIR", os.path.join(tempfile.gettempdir(), "peers", "schedule-matrix"))
VERSIONS = {}


def fastapi_version():
    py = os.environ.get("FASTAPI_PY", "python")
    return subprocess.run([py, "-c", "from importlib.metadata import version; print(version('fastapi'))"],
                          capture_output=True, text=True, check=True).stdout.strip()


def merge(path, new):
    with open(path) as f:
        old = [l for l in f.read().splitlines() if l.strip()]
    ids = {(n["scenario"], n["system"]) for n in new}
    kept = [l for l in old if "meta" in json.loads(l) or (json.loads(l)["scenario"], json.loads(l)["system"]) not in ids]
    with open(path, "w") as f:
        for l in kept + [json.dumps(n, ensure_ascii=False) for n in new]:
            f.write(l + "\n")


def main():
    os.makedirs(WORK, exist_ok=True)
    systems = os.environ.get("SYSTEMS", "fastapi,celery-default,celery-acks-late").split(",")
    scenarios = os.environ.get("SCENARIOS", "9,10").split(",")
    VERSIONS.update({"fastapi": fastapi_version() if "fastapi" in systems else "",
                     "celery-default": version("celery"), "celery-acks-late": version("celery")})
    out = []
    for scenario in scenarios:
        for system in systems:
            if system == "fastapi":
                row = row9_fastapi() if scenario == "9" else row10_fastapi()
            else:
                config = system.removeprefix("celery-")
                row = row9_celery(config) if scenario == "9" else row10_celery(config)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            out.append(row)
    if len(sys.argv) > 2 and sys.argv[1] == "--merge":
        merge(sys.argv[2], out)
        print(f"merged {len(out)} lines into {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        run_worker()
    elif len(sys.argv) > 1 and sys.argv[1] == "beat":
        run_beat()
    else:
        main()
