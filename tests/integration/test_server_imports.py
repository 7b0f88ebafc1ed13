"""The process that serves the room loads no library that only the heavy work needs:
pabutools (with NumPy, PuLP and gmpy2: 14 MB of the server's memory at rest) comes with the
first allocation, which a serving process hands to a worker (facilitator/offload.py);
WeasyPrint and scikit-learn likewise. Issue 18 asks for the server's memory near the bare
framework's. Alembic, too, is loaded only when the database is behind the newest migration."""
import json
import os
import subprocess
import sys

from tests.support.server import ROOT

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory

from facilitator.database import MIGRATIONS_DIR, head_revision

LOADED_ON_FIRST_USE = ("pabutools", "numpy", "pulp", "gmpy2", "scipy", "sklearn", "weasyprint", "docx")


def start_app(instance) -> list[str]:
    """Which of the libraries (and Alembic) a freshly started app has loaded."""
    code = ("import json, sys, run; run.create_app({'ASYNC_MODE': run.ASYNC_MODE}); "
            f"print(json.dumps(sorted(set({(*LOADED_ON_FIRST_USE, 'alembic')!r}) & set(sys.modules))))")
    env = {**os.environ, "INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'buurttafel.db'}"}
    env.pop("MESSAGE_QUEUE", None)
    started = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout.strip().splitlines()[-1])


def test_the_served_app_starts_without_the_heavy_work_libraries_and_alembic_only_to_migrate(tmp_path):
    assert start_app(tmp_path) == ["alembic"]  # a new database: migrated
    assert start_app(tmp_path) == []  # up to date: nothing to migrate, Alembic not loaded


def test_the_newest_revision_read_from_the_scripts_is_alembics_head():
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
