"""CPU-heavy work off the one event loop: Argon2 password checks, the PDF and Word
minutes, the suggested groups and placements of Ordenen, and the allocation's three rules
when a ballot round closes. Each kind has a bound on how many run at once; more wait their
turn (a green wait) without holding up anybody else.

Under eventlet (run.py) the work leaves the loop:

- Rendering, grouping and the allocation are pure Python for most of their time
  (WeasyPrint's layout, the clustering's loops, the allocation's exact fractions): in a
  thread they would hold the interpreter's lock (GIL) in turns with the loop, so a phone at
  another table waited 100 ms to seconds for its acknowledgement. They run in a pool of
  worker processes (`concurrent.futures.ProcessPoolExecutor`) instead, each with its own
  interpreter and lock. The pool is started on first use, with as many workers as the
  bounds of these kinds together, from a *fresh* interpreter ("spawn"): a fork would copy
  the monkey-patched process, its hub and its open sockets. The work and its arguments
  are plain values (sessions/computing.py: services hand pure functions to `compute`;
  facilitator/minutes_render.py gets the record, a dict) and cross by pickle. The loop
  waits for the answer the green way: the pool's helper threads are green threads under
  monkey-patching, and so is the condition that `Future.result` waits on. (Waiting in a
  tpool thread instead fails: the green condition cannot be woken across OS threads; and
  "forkserver" is not available under eventlet's patched sockets.) The workers run at a
  lower CPU priority than the loop and end with the server, also when it is killed.
- Argon2 releases the GIL while it hashes: it stays in eventlet's native threads
  (`eventlet.tpool`), which cost no process.

`OFFLOAD_POOL=threads` puts everything in the native threads, as before (bench/heavy_work.py
compares), and `OFFLOAD_HEAVY_WORK=0` on the loop. Without eventlet (the flask CLI, the
threaded test client) the work runs in the calling thread, under the same bound."""
import atexit
import contextvars
import functools
import logging
import os
import sys
import threading

from flask import Flask, current_app

log = logging.getLogger("buurttafel.offload")

# How many of each may run at once: a laptop has two to four cores, and the loop needs one.
# One grouping at a time also bounds memory: TF-IDF and similarities of thousands of
# arguments take hundreds of MB each.
DEFAULT_BOUNDS = {"password": 2, "render": 1, "suggest": 1, "allocation": 1}
# The kinds whose work holds the GIL: in worker processes. Argon2 ("password") lets it go.
PROCESS_KINDS = ("render", "suggest", "allocation")
# Heavy work is a batch; the loop is people waiting for a tap's answer. On a laptop whose
# cores are all busy, the workers step back for the loop (POSIX niceness, 0 normal, 19 least).
WORKER_NICENESS = 10
# What a worker's small Flask app needs of the server's settings to render the minutes
# (templates, Babel, the time zone of the dates); plain values, sent once per worker.
WORKER_SETTINGS = ("BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE", "LANGUAGES", "TIMEZONE")

_gates: dict[tuple[str, bool], object] = {}
_gates_lock = threading.Lock()
_pool = None


def _eventlet_running() -> bool:
    # Only run.py imports eventlet; importing it here would print its deprecation notice.
    patcher = sys.modules.get("eventlet.patcher")
    return patcher is not None and patcher.is_monkey_patched("thread")


def _gate(kind: str, green: bool):
    key = (kind, green)
    with _gates_lock:
        if key not in _gates:
            bound = current_app.config.get("OFFLOAD_BOUNDS", DEFAULT_BOUNDS)[kind]
            if green:
                from eventlet.semaphore import Semaphore
                _gates[key] = Semaphore(bound)
            else:
                _gates[key] = threading.BoundedSemaphore(bound)
        return _gates[key]


def _process_pool():
    global _pool
    with _gates_lock:
        if _pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            config = current_app.config
            bounds = config.get("OFFLOAD_BOUNDS", DEFAULT_BOUNDS)
            workers = sum(bounds[kind] for kind in PROCESS_KINDS)
            settings = {name: config[name] for name in WORKER_SETTINGS}
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(settings,))
            log.info("started a pool of up to %d worker processes for heavy work", workers)
        return _pool


def _forget_pool(pool) -> None:
    global _pool
    with _gates_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _stop_pool() -> None:
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)


def run_heavy(kind: str, function, *args, **kwargs):
    """`function(*args, **kwargs)` off the event loop under eventlet, at most the bound of
    `kind` at once: in a worker process for the kinds that hold the GIL (then `function`
    and its arguments must pickle: a module's function of plain values), else in a native
    thread, with the caller's context (Flask's app and request, Babel's locale)."""
    green = _eventlet_running() and current_app.config["OFFLOAD_HEAVY_WORK"]
    with _gate(kind, green):
        if not green:
            return function(*args, **kwargs)
        if kind in PROCESS_KINDS and current_app.config.get("OFFLOAD_POOL", "processes") == "processes":
            from concurrent.futures.process import BrokenProcessPool

            pool = _process_pool()
            try:
                return pool.submit(_in_worker, function, args, kwargs).result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): this request fails, the next starts afresh.
                log.error("a heavy-work process died during %s; the pool starts again on next use", kind)
                _forget_pool(pool)
                raise
        from eventlet import tpool
        context = contextvars.copy_context()
        return tpool.execute(context.run, function, *args, **kwargs)


def runner(kind: str):
    """A service's `compute` (sessions/computing.py) that runs its pure work as `kind`."""
    return functools.partial(run_heavy, kind)


# -- in a worker process ---------------------------------------------------------------

_worker_app: Flask | None = None


def _start_worker(settings: dict) -> None:
    """A small app for the minutes' templates and translations; no database, no sockets.
    The worker ends with the server, also when the server was killed: it holds both ends of
    its task queue, so it would otherwise wait for work for ever."""
    global _worker_app
    threading.Thread(target=_end_with_the_server, daemon=True).start()
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    from .extensions import babel
    from .i18n import install_template_helpers

    app = Flask("facilitator", template_folder="../templates", static_folder="../static")
    app.config.update(settings)
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"],
                   timezone_selector=lambda: app.config["TIMEZONE"])
    install_template_helpers(app)
    _worker_app = app


def _end_with_the_server() -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    wait([multiprocessing.parent_process().sentinel])
    os._exit(0)


def _in_worker(function, args: tuple, kwargs: dict):
    with _worker_app.test_request_context():
        return function(*args, **kwargs)
