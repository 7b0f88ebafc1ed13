"""A real Buurttafel server process (run.py, eventlet) for e2e and browser tests."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """Start, kill and restart `python run.py` on its own instance folder and port."""

    def __init__(self, instance_path: Path, *, env: dict | None = None) -> None:
        self.instance_path = instance_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = instance_path / "server.log"
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self) -> "LiveServer":
        return self.launch().wait_until_serving()

    def launch(self) -> "LiveServer":
        """Start the process without waiting, so several can start at once."""
        self.instance_path.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "INSTANCE_PATH": str(self.instance_path), "HOST": "127.0.0.1",
               "PORT": str(self.port), "PUBLIC_URL": self.url, "PYTHONUNBUFFERED": "1",
               **self.extra_env}
        if "DATABASE_URL" not in self.extra_env:
            env.pop("DATABASE_URL", None)  # the instance folder's own SQLite file
        log = open(self.log_path, "a")
        self.process = subprocess.Popen([sys.executable, "run.py"], cwd=ROOT, env=env,
                                        stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait_until_serving(self) -> "LiveServer":
        deadline = time.monotonic() + 60  # a first start on a busy shared machine can take half a minute
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log_path.read_text())
            try:
                requests.get(self.url + "/", timeout=1)
                return self
            except requests.RequestException:  # refused, or too slow while the machine is busy
                time.sleep(0.1)
        raise RuntimeError("server did not start:\n" + self.log_path.read_text())

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when a laptop's power cable is pulled."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.kill()
        self.start()

    def setup_link(self) -> str:
        links = re.findall(r"(http\S+/setup/\S+)", self.log_path.read_text())
        assert links, "the server printed no setup link"
        return links[-1]
