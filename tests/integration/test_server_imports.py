"""The process that serves the room loads no library that only the heavy work needs:
pabutools (with NumPy, PuLP and gmpy2: 14 MB of the server's memory at rest) comes with the
first allocation, which a serving process hands to a worker (facilitator/offload.py);
WeasyPrint and scikit-learn likewise. Issue 18 asks for the server's memory near the bare
framework's."""
import os
import subprocess
import sys

from tests.support.server import ROOT

LOADED_ON_FIRST_USE = ("pabutools", "numpy", "pulp", "gmpy2", "scipy", "sklearn", "weasyprint", "docx")


def test_the_served_app_starts_without_the_heavy_work_libraries(tmp_path):
    code = ("import sys, run; run.create_app({'ASYNC_MODE': run.ASYNC_MODE}); "
            f"print(sorted(set({LOADED_ON_FIRST_USE!r}) & set(sys.modules)))")
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'buurttafel.db'}"}
    env.pop("MESSAGE_QUEUE", None)
    started = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().splitlines()[-1] == "[]", started.stdout
