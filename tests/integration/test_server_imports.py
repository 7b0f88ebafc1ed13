"""The process that serves the room loads no library that only the heavy work needs:
pabutools (with NumPy, PuLP and gmpy2: 14 MB of the server's memory at rest) comes with the
first allocation, which a serving process hands to a worker (facilitator/offload.py);
WeasyPrint and scikit-learn likewise. Issue 18 asks for the server's memory near the bare
framework's. Alembic never: the server migrates a database behind the newest migration in a
child process, which takes what migrating loaded with it when it exits (about 12 MB)."""
import json
import os
import subprocess
import sys

from tests.support.server import ROOT

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory

from facilitator.database import MIGRATIONS_DIR, at_head, head_revision, make_engine

LOADED_ON_FIRST_USE = ("pabutools", "numpy", "pulp", "gmpy2", "scipy", "sklearn", "weasyprint", "docx")


def start_app(instance) -> list[str]:
    """Which of the libraries (and Alembic) a freshly started app has loaded."""
    code = ("import json, sys, run; run.served_app(); "
            f"print(json.dumps(sorted(set({(*LOADED_ON_FIRST_USE, 'alembic')!r}) & set(sys.modules))))")
    env = {**os.environ, "INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'buurttafel.db'}"}
    env.pop("MESSAGE_QUEUE", None)
    started = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout.strip().splitlines()[-1])


def test_the_served_app_starts_without_the_heavy_work_libraries_and_migrates_without_alembic(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'buurttafel.db'}")
    assert start_app(tmp_path) == []  # a new database: migrated by a child process
    assert at_head(engine)
    assert start_app(tmp_path) == []  # up to date: nothing to migrate


def test_the_newest_revision_read_from_the_scripts_is_alembics_head():
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
