"""What a newcomer waits for: a fresh clone, `make run`, until the app answers.

Clones this repository (at a commit, default HEAD) into a temporary folder, runs `make run`
there with PORT set, and polls http://127.0.0.1:PORT/ until it answers 200. Prints the time
until pip's first output, until the environment is installed, until the app serves, the size
of the `.venv` it made, and whether gurobipy is in it. Then stops the server and removes the
clone. Only the standard library: it runs before any environment exists.

    python3 -m bench.first_run                    # warm pip cache (the usual ~/.cache/pip)
    python3 -m bench.first_run --cold             # an empty pip cache, so every wheel is downloaded
    python3 -m bench.first_run --commit 77a6b4f   # the same for an older commit, to compare

Both runs share the machine with whatever else runs on it; run before and after in
turn on a quiet machine and compare the two, not one figure against a target.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def disk_usage(folder: Path) -> str:
    """What `du -sh` says: the space the files take on disk, in powers of 1,024."""
    return subprocess.run(["du", "-sh", str(folder)], capture_output=True, text=True, check=True).stdout.split()[0]


def serves(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--port", type=int, default=5913)
    parser.add_argument("--cold", action="store_true", help="empty pip cache (PIP_CACHE_DIR in a temporary folder)")
    parser.add_argument("--deadline", type=float, default=1200, help="seconds before giving up")
    parser.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    args = parser.parse_args()
    if serves(args.port):
        sys.exit(f"something already answers on port {args.port}; choose another with --port")

    work = Path(tempfile.mkdtemp(prefix="buurttafel-first-run-"))
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", args.commit], check=True)
    env = dict(os.environ, PORT=str(args.port))
    if args.cold:
        env["PIP_CACHE_DIR"] = str(work / "pip-cache")

    started = time.monotonic()
    marks: dict[str, float] = {}
    log = (work / "make-run.log").open("w")
    server = subprocess.Popen(["make", "run"], cwd=clone, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def read_output() -> None:
        for line in server.stdout:
            marks.setdefault("first output", time.monotonic() - started)
            if line.startswith("==> Step"):  # the Makefile's own progress lines
                marks.setdefault(line[4:].split(":")[0].strip().lower() + " begins", time.monotonic() - started)
            if "Buurttafel serves on" in line:
                marks.setdefault("installed, server starting", time.monotonic() - started)
            log.write(line)
            log.flush()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        while not serves(args.port):
            if server.poll() is not None:
                sys.exit(f"make run stopped with {server.returncode}; see {work / 'make-run.log'}")
            if time.monotonic() - started > args.deadline:
                sys.exit(f"no answer within {args.deadline:.0f} s; see {work / 'make-run.log'}")
            time.sleep(0.25)
        marks["serves (GET / is 200)"] = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        reader.join(timeout=5)
        log.close()

    venv = clone / ".venv"
    gurobi = subprocess.run([str(venv / "bin" / "python"), "-c", "import gurobipy"], capture_output=True).returncode == 0
    print(f"commit {subprocess.run(['git', '-C', str(clone), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}, "
          f"pip cache {'empty' if args.cold else 'as it is'}")
    for name, seconds in marks.items():
        print(f"  {name:<28} {seconds:6.1f} s")
    print(f"  {'.venv size (du -sh)':<28} {disk_usage(venv):>6}")
    print(f"  {'gurobipy importable':<28} {'yes' if gurobi else 'no'}")
    lines = (work / "make-run.log").read_text().splitlines()
    print(f"  {'lines printed before serving':<28} {len(lines)}")
    if args.keep:
        print(f"  clone kept in {clone}")
    else:
        subprocess.run(["rm", "-rf", str(work)], check=True)


if __name__ == "__main__":
    main()
