"""CPU-heavy work off the one event loop: Argon2 password checks, the PDF and Word
minutes, the suggested groups and placements of Ordenen, and the allocation's three rules
when a ballot round closes. Under eventlet (run.py) they run in eventlet's pool of native
threads (`eventlet.tpool`), so every table's phones keep getting their acknowledgements
while a login is checked, a 5,000-argument PDF renders or 5,000 arguments are grouped.
Each kind has a bound on how many run at once; more wait their turn without holding up
anybody else. Argon2, lxml and NumPy release the GIL while they work; WeasyPrint, the
clustering's Python parts and the allocation's exact fractions hold it in turns, which
the loop shares.

Without eventlet (the flask CLI, the threaded test client) the work runs in the calling
thread, under the same bound."""
import contextvars
import functools
import sys
import threading

from flask import current_app

# How many of each may run at once: a laptop has two to four cores, and the loop needs one.
# One grouping at a time also bounds memory: TF-IDF and similarities of thousands of
# arguments take hundreds of MB each.
DEFAULT_BOUNDS = {"password": 2, "render": 1, "suggest": 1, "allocation": 1}

_gates: dict[tuple[str, bool], object] = {}
_gates_lock = threading.Lock()


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


def run_heavy(kind: str, function, *args, **kwargs):
    """`function(*args, **kwargs)` in a native thread under eventlet, at most the bound of
    `kind` at once. The caller's context (Flask's app and request, Babel's locale) goes along."""
    green = _eventlet_running() and current_app.config["OFFLOAD_HEAVY_WORK"]
    with _gate(kind, green):
        if not green:
            return function(*args, **kwargs)
        from eventlet import tpool
        context = contextvars.copy_context()
        return tpool.execute(context.run, function, *args, **kwargs)


def runner(kind: str):
    """A service's `compute` (sessions/computing.py) that runs its pure work as `kind`."""
    return functools.partial(run_heavy, kind)
