"""The FastAPI side of schedule_matrix.py: FastAPI has no delayed or periodic tasks, so this app uses what a
FastAPI user writes instead.

- POST /later?key=K&due=T: a BackgroundTasks `def` task that sleeps until the epoch time T, then records
  `K later <pid> <time>` (rows 9).
- with SM_TICKS=1, a loop started in the lifespan (one per process, the usual "periodic task in FastAPI" recipe)
  that records `tick <second> <pid> <time>` at every whole second (row 10).

Records are appended, one line each, to files in SM_DIR.
"""
import asyncio
import contextlib
import math
import os
import time

from fastapi import BackgroundTasks, FastAPI

OUT = os.environ["SM_DIR"]


def record(name, text):
    fd = os.open(os.path.join(OUT, name), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (text + "\n").encode())
    finally:
        os.close(fd)


async def every_second():
    second = math.floor(time.time()) + 1
    while True:
        while time.time() < second:  # the event loop's timer may wake a little early
            await asyncio.sleep(max(0.001, second - time.time()))
        record("ticks", f"tick {second} {os.getpid()} {time.time():.3f}")
        second = max(second + 1, math.floor(time.time()) + 1)


@contextlib.asynccontextmanager
async def lifespan(_app):
    loop = asyncio.create_task(every_second()) if os.environ.get("SM_TICKS") == "1" else None
    record("lifecycle", f"up {os.getpid()} {time.time():.3f}")
    yield
    if loop is not None:
        loop.cancel()
    record("lifecycle", f"down {os.getpid()} {time.time():.3f}")


app = FastAPI(lifespan=lifespan)


def later(key: str, due: float):
    time.sleep(max(0.0, due - time.time()))
    record(key, f"{key} later {os.getpid()} {time.time():.3f}")


@app.post("/later")
async def post_later(key: str, due: float, tasks: BackgroundTasks):
    tasks.add_task(later, key, due)
    return {"queued": key}


@app.get("/up")
async def up():
    return {"pid": os.getpid()}
