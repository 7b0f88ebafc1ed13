"""Where a service's heavy, pure computation runs: the caller decides.

A service that clusters thousands of arguments or runs the allocation's three rules reads
what it needs in its transaction, hands the computation (a pure function of plain values,
no session, no database) to `compute`, and writes the result in its transaction. The
server passes a runner that moves the work off its event loop (facilitator/offload.py);
everybody else (the CLI, the tests) runs it here. sessions/ stays free of the server.

The server runs such work in another process, so the function must be a module's own
(not a lambda or a closure) and its arguments and result plain values (numbers, text,
lists, dicts, tuples): they cross by pickle, and a result of a class from a heavy module
would make the server import that module to read it."""
from typing import Any, Callable

Compute = Callable[..., Any]


def run_here(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return function(*args, **kwargs)
