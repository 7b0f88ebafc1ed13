"""Dependencies: pinned, free of proprietary packages, and no version with a known vulnerability.

pip-audit asks the advisory service about every pinned package (the three requirement
files, plus the unpinned packages that face the network or install the rest: Werkzeug,
Jinja2, the websocket stack, pip, setuptools). Where the service cannot be reached, the
same set is checked against tests/known-fixed-versions.txt instead: for each package the
first version with a fix for its latest known advisory, kept in the repository."""
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("requirements.txt", "requirements-no-deps.txt")
DEV = "requirements-dev.txt"
KNOWN_FIXED = ROOT / "tests" / "known-fixed-versions.txt"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
# Not pinned in the requirement files (they come with Flask, Flask-SocketIO and the venv),
# but they parse what arrives from the network or install everything else, so they are
# audited at the installed version.
TRANSITIVE = ("Werkzeug", "Jinja2", "MarkupSafe", "itsdangerous", "simple-websocket", "wsproto", "h11",
              "dnspython", "greenlet", "bidict", "pip", "setuptools")
# Packages whose licence a municipality cannot accept in a free-software deployment, and the
# PrefLib tools pabutools declares but our code never loads (docs/DEPENDENCIES.md).
NEVER_INSTALLED = ("gurobipy", "preflibtools", "prefsampling")


def pinned_lines(name: str) -> list[str]:
    lines = [line.split("#")[0].strip() for line in (ROOT / name).read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("-r ")]


def pinned(*names: str) -> dict[str, str]:
    """Canonical package name → pinned version, over the given requirement files."""
    pins = {}
    for name in names:
        for line in pinned_lines(name):
            package, version = line.split("==")
            pins[canonicalize_name(package.split("[")[0])] = version
    return pins


def audited_set() -> dict[str, str]:
    pins = pinned(*RUNTIME, DEV)
    for name in TRANSITIVE:
        if _installed(name):
            pins.setdefault(canonicalize_name(name), importlib.metadata.version(name))
    return pins


def known_fixed(text: str) -> dict[str, Version | None]:
    """The list's floors: canonical name → first fixed version, or None where no advisory is known."""
    floors = {}
    for line in text.splitlines():
        entry = line.split("#")[0].strip()
        if not entry:
            continue
        match = re.fullmatch(r"([\w.\-]+)\s*(?:>=\s*([\w.]+))?", entry)
        assert match, f"not understood in {KNOWN_FIXED.name}: {line!r}"
        floors[canonicalize_name(match[1])] = Version(match[2]) if match[2] else None
    return floors


def below_their_fix(versions: dict[str, str], floors: dict[str, Version | None]) -> dict[str, str]:
    """Packages at a version older than the fix of their latest known advisory, and packages
    the list does not mention at all (nobody has looked at them)."""
    found = {}
    for name, version in versions.items():
        if name not in floors:
            found[name] = f"{version}: not in {KNOWN_FIXED.name}; add its latest advisory's fix, or 'none known'"
        elif floors[name] is not None and Version(version) < floors[name]:
            found[name] = f"{version} < {floors[name]}"
    return found


def test_every_requirement_is_pinned_to_one_version():
    for name in (*RUNTIME, DEV):
        assert [line for line in pinned_lines(name) if not re.fullmatch(r"[\w.\-\[\]]+==[\w.]+", line)] == [], name


def test_the_dev_requirements_include_the_runtime_ones_and_repeat_none():
    assert "-r requirements.txt" in (ROOT / DEV).read_text().splitlines()
    assert set(pinned(DEV)) & set(pinned(*RUNTIME)) == set()


def test_no_proprietary_package_is_installed_and_pabutools_still_works():
    """pabutools is installed with --no-deps (Makefile): its metadata asks for gurobipy."""
    for name in NEVER_INSTALLED:
        assert not _installed(name), f"{name} is installed: install pabutools with --no-deps (Makefile)"
    # Not importable either, from this environment's Python (not only absent as a distribution).
    run = subprocess.run([sys.executable, "-c", "import gurobipy"], capture_output=True, text=True)
    assert run.returncode != 0 and "ModuleNotFoundError" in run.stderr, run.stderr
    assert importlib.util.find_spec("gurobipy") is None
    # pabutools itself is there, at its pin, and what our code loads of it loads without gurobipy.
    # That every rule and the .pb import and export still compute what they should is shown in
    # this same environment by tests/unit/test_allocation.py, test_pabulib_equivalence.py and
    # tests/integration/test_pabulib_import.py.
    assert importlib.metadata.version("pabutools") == pinned("requirements-no-deps.txt")["pabutools"]
    run = subprocess.run([sys.executable, "-c", "import sessions.pabutools_election, pabutools.election.pabulib, sys; "
                          "print('gurobipy' in sys.modules)"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and run.stdout.strip() == "False", run.stderr


def test_the_installed_versions_are_the_pinned_ones():
    installed = {name: importlib.metadata.version(name) for name in pinned(*RUNTIME, DEV) if _installed(name)}
    assert installed == {name: version for name, version in pinned(*RUNTIME, DEV).items() if name in installed}
    assert set(installed) == set(pinned(*RUNTIME, DEV)), "run make test, which installs requirements-dev.txt"


def test_the_known_fixed_list_covers_every_audited_package_and_each_is_past_its_fix():
    """Holds offline: the floors are in the repository."""
    floors = known_fixed(KNOWN_FIXED.read_text())
    assert below_their_fix(audited_set(), floors) == {}


def test_the_known_fixed_check_refuses_an_old_or_unlisted_pin():
    """The offline check is not a formality: an old Flask, a pin at exactly the fix, an unlisted package."""
    floors = known_fixed(KNOWN_FIXED.read_text())
    found = below_their_fix({"flask": "3.1.0", "jinja2": "3.1.6", "werkzeug": "2.3.8", "left-pad": "1.0"}, floors)
    assert set(found) == {"flask", "werkzeug", "left-pad"}
    assert found["flask"] == "3.1.0 < 3.1.1" and "not in" in found["left-pad"]


def test_pip_audit_finds_no_known_vulnerability_in_the_pinned_set(tmp_path):
    audited = tmp_path / "requirements.txt"
    audited.write_text("".join(f"{name}=={version}\n" for name, version in audited_set().items()))
    try:
        run = subprocess.run([str(PIP_AUDIT), "-r", str(audited), "--no-deps", "--disable-pip", "--format", "json",
                              "--progress-spinner", "off", "--timeout", "10"],
                             capture_output=True, text=True, timeout=180)
        report = json.loads(run.stdout) if run.stdout.strip() else {"dependencies": []}
    except subprocess.TimeoutExpired:
        report = {"dependencies": []}
    dependencies = report["dependencies"]
    audited_ones = [d for d in dependencies if "skip_reason" not in d]
    if not audited_ones:
        # The advisory service did not answer (no network, or a registry mirror without its
        # API): the list in the repository stands in, and says which packages it covers.
        floors = known_fixed(KNOWN_FIXED.read_text())
        assert below_their_fix(audited_set(), floors) == {}
        print(f"pip-audit could not reach the advisory service; checked {len(audited_set())} packages "
              f"against {KNOWN_FIXED.name} ({sum(v is not None for v in floors.values())} with a known fix)")
        return
    vulnerable = {f"{d['name']} {d['version']}": [(v["id"], v.get("fix_versions")) for v in d["vulns"]]
                  for d in audited_ones if d.get("vulns")}
    assert vulnerable == {}, f"known vulnerabilities (pin a fixed version, and raise {KNOWN_FIXED.name}): {vulnerable}"
    not_audited = {canonicalize_name(d["name"]) for d in dependencies if "skip_reason" in d}
    floors = known_fixed(KNOWN_FIXED.read_text())
    # What the service skipped is checked against the list, so nothing passes unlooked-at.
    assert below_their_fix({n: v for n, v in audited_set().items() if n in not_audited}, floors) == {}


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
        return True
    except importlib.metadata.PackageNotFoundError:
        return False
