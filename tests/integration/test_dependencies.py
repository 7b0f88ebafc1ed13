"""Dependencies: pinned, and no version with a known vulnerability.

pip-audit asks the advisory service about every pinned package (requirements.txt, plus
the transitive packages that face the network: Werkzeug, Jinja2 and the websocket
stack); without a network the test skips and says so. The floor below holds offline:
the last release with a known fix for the packages that face the internet."""
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements.txt"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"

# Package -> the first version with a fix for its latest known advisory.
KNOWN_FIXED = {
    "Flask": "3.1.1",            # CVE-2025-47278: SECRET_KEY_FALLBACKS used in the wrong order
    "Werkzeug": "3.0.6",         # CVE-2024-49766, CVE-2024-49767: safe_join on Windows, multipart memory
    "Jinja2": "3.1.6",           # CVE-2025-27516: sandbox escape through |attr
    "python-socketio": "5.16.2", # CVE-2026-48804 (binary attachments held in memory); CVE-2025-61765 (pickle)
    "python-engineio": "3.9.0",  # CVE-2019-13611: cross-site websocket hijacking
    "eventlet": "0.40.3",        # CVE-2025-58068: HTTP request smuggling; CVE-2021-21419: websocket memory
}
# Not pinned in requirements.txt (they come with Flask and Flask-SocketIO) but they parse
# what arrives from the network, so they are audited at the installed version.
TRANSITIVE = ("Werkzeug", "Jinja2", "MarkupSafe", "itsdangerous", "simple-websocket", "wsproto", "h11",
              "dnspython", "greenlet", "bidict")


def pinned_requirements() -> list[str]:
    lines = [line.split("#")[0].strip() for line in REQUIREMENTS.read_text().splitlines()]
    return [line for line in lines if line]


def test_every_requirement_is_pinned_to_one_version():
    assert [line for line in pinned_requirements() if not re.fullmatch(r"[\w.\-\[\]]+==[\w.]+", line)] == []


@pytest.mark.parametrize("package", sorted(KNOWN_FIXED))
def test_the_packages_that_face_the_network_are_past_their_last_known_fix(package):
    installed = Version(importlib.metadata.version(package))
    assert installed >= Version(KNOWN_FIXED[package]), \
        f"{package} {installed} has a known vulnerability: pin {package}>={KNOWN_FIXED[package]}"


def test_pip_audit_finds_no_known_vulnerability_in_the_pinned_set(tmp_path):
    audited = tmp_path / "requirements.txt"
    transitive = [f"{name}=={importlib.metadata.version(name)}" for name in TRANSITIVE
                  if _installed(name)]
    audited.write_text("\n".join(pinned_requirements() + transitive) + "\n")
    try:
        run = subprocess.run([str(PIP_AUDIT), "-r", str(audited), "--no-deps", "--disable-pip", "--format", "json",
                              "--progress-spinner", "off", "--timeout", "10"],
                             capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.skip("pip-audit: the advisory service did not answer within 3 minutes")
    if "ConnectionError" in run.stderr or "Max retries exceeded" in run.stderr or not run.stdout.strip():
        pytest.skip("pip-audit: the advisory service is not reachable (no network?): "
                    + (run.stderr.strip().splitlines() or ["no output"])[-1][:200])
    report = json.loads(run.stdout)
    dependencies = report["dependencies"]
    audited_ones = [d for d in dependencies if "skip_reason" not in d]
    if not audited_ones:
        pytest.skip(f"pip-audit: the advisory service answered for none of the {len(dependencies)} packages "
                    f"({dependencies[0]['skip_reason'] if dependencies else 'empty report'})")
    vulnerable = {f"{d['name']} {d['version']}": [(v["id"], v.get("fix_versions")) for v in d["vulns"]]
                  for d in audited_ones if d.get("vulns")}
    assert vulnerable == {}, f"known vulnerabilities (pin a fixed version in requirements.txt): {vulnerable}"
    not_audited = {d["name"] for d in dependencies if "skip_reason" in d}
    assert not {name.lower() for name in KNOWN_FIXED} & {name.lower() for name in not_audited}, not_audited


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
        return True
    except importlib.metadata.PackageNotFoundError:
        return False
