"""Pabulib `.pb` files in and out, as plain data the allocation rules take.

Reading: a light structural check of our own first (sections, header lines, columns per
row, numbers, project ids in votes), because pabutools' parser reports no line numbers; a
broken file raises `DomainError("pb_malformed", line=N, detail=...)` naming the first bad
line (1-based). Then pabutools (`parse_pabulib_from_string`) parses the file and its
instance and profile are converted:

- approval and choose-1 votes → `BallotInput(approved=...)`;
- cumulative and scoring votes → `BallotInput(points=...)`; points must be whole numbers
  ≥ 0 (our "verdelen" form), a project with 0 points is simply not supported;
- ordinal votes → points, Borda-style within the ballot: of k ranked projects the first
  gets k points, the next k − 1, …, the last 1 (unranked: 0). This is how Pabulib's own
  `score` column is computed for ordinal files (checked on the Kraków 2018 file), and it
  keeps every ranked project "supported". Note that pabutools' `Additive_Borda_Sat` gives
  k − 1, …, 0 instead (the last-ranked project would count for nothing).

Project ids become our option ids: the integer value when every `project_id` is a
non-negative whole number (the usual case), otherwise 1, 2, … in file order. Costs and the
budget become integer cents; a file with amounts finer than a cent is refused.

Some real files have no `key;value` line after META (FORMAT.md); we accept that, but
pabutools then takes the first META line for a header, so its own meta misses that line.

Real files are read as leniently as pabutools reads them where the meaning is clear, and
what was repaired is said (`PbInstance.repairs`, with the lines): an approval or choose-1
vote that names a project twice approves it once, as pabutools' set of approvals does (a
real Amsterdam buurtbudget file has such votes). A repeat in a ranking or in a vote with
points has no clear meaning (which position, which points?) and is refused.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .allocation import BallotInput, OptionInput
from .errors import DomainError

SECTIONS = ("meta", "projects", "votes")
APPROVAL_TYPES = ("approval", "choose-1")
POINTS_TYPES = ("cumulative", "scoring")
VOTE_TYPES = APPROVAL_TYPES + POINTS_TYPES + ("ordinal",)
_EMPTY = ("", "none")


@dataclass(frozen=True)
class PbProject:
    id: int
    project_id: str  # as written in the file
    name: str
    cost_cents: int


@dataclass(frozen=True)
class PbRepair:
    """Something in the file that was read in a clear way rather than refused."""
    kind: str  # "repeated_project": an approval vote names a project twice; it counts once
    lines: tuple[int, ...]  # 1-based, ascending


@dataclass(frozen=True)
class PbInstance:
    meta: dict[str, str]
    description: str
    budget_cents: int
    vote_type: str
    projects: list[PbProject]
    ballots: list[BallotInput]
    repairs: tuple[PbRepair, ...] = ()

    @property
    def options(self) -> list[OptionInput]:
        return [OptionInput(p.id, p.name, p.cost_cents) for p in self.projects]


def read_pb(text: str) -> PbInstance:
    # Here, not at the top: the server reads a .pb file rarely, and pabutools brings NumPy
    # and PuLP (see sessions/pabutools_election.py).
    from pabutools.election.ballot import AbstractCardinalBallot, AbstractOrdinalBallot
    from pabutools.election.pabulib import parse_pabulib_from_string

    text = text.lstrip("\ufeff")
    checked = _check_structure(text)
    try:
        instance, profile = parse_pabulib_from_string(text)
    except Exception as exc:  # the check above should have caught it; keep the message
        raise DomainError("pb_malformed", line=0, detail=f"pabutools: {exc!r}") from exc

    option_id = checked.option_ids
    cost_of = {p.name: p.cost for p in instance}
    projects = [PbProject(id=option_id[pid], project_id=pid, name=checked.project_names[pid],
                          cost_cents=_cents(Fraction(str(cost_of[pid])), line=checked.project_lines[pid]))
                for pid in checked.project_order]

    ballots = []
    for ballot, line in zip(profile, checked.vote_lines):
        if checked.vote_type in APPROVAL_TYPES:
            ballots.append(BallotInput(approved=frozenset(option_id[p.name] for p in ballot)))
        elif isinstance(ballot, AbstractOrdinalBallot):
            k = len(ballot)
            ballots.append(BallotInput(points={option_id[p.name]: k - i for i, p in enumerate(ballot)}))
        elif isinstance(ballot, AbstractCardinalBallot):
            ballots.append(BallotInput(points={option_id[p.name]: _whole_points(ballot[p], line=line)
                                               for p in ballot}))
        else:
            raise DomainError("pb_malformed", line=line, detail="unsupported ballot")

    return PbInstance(meta=checked.meta, description=checked.meta.get("description", ""),
                      budget_cents=checked.budget_cents, vote_type=checked.vote_type,
                      projects=projects, ballots=ballots, repairs=checked.repairs)


def write_pb(*, description: str, budget_cents: int, options: Sequence[OptionInput],
             ballots: Sequence[BallotInput], extra_meta: Mapping[str, str] | None = None) -> str:
    """A `.pb` text for these options and ballots; approval ballots give `vote_type`
    approval, points ballots cumulative. Required META keys we do not know are "unknown"
    unless `extra_meta` gives them."""
    points_form = any(b.is_points for b in ballots)
    if points_form and not all(b.is_points for b in ballots):
        raise DomainError("mixed_ballots")
    meta = {
        "description": " ".join(description.split()),  # one line per record
        "country": "unknown", "unit": "unknown", "instance": "unknown",
        "num_projects": str(len(options)), "num_votes": str(len(ballots)),
        "budget": _euros(budget_cents),
        "vote_type": "cumulative" if points_form else "approval",
        "rule": "unknown", "date_begin": "unknown", "date_end": "unknown",
        "currency": "EUR",
    }
    meta.update(extra_meta or {})
    out = io.StringIO()
    rows = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    rows.writerow(["key", "value"])
    rows.writerows(meta.items())
    out.write("PROJECTS\n")
    rows.writerow(["project_id", "cost", "name"])
    rows.writerows([o.id, _euros(o.cost_cents), " ".join(o.title.split())] for o in options)
    out.write("VOTES\n")
    if points_form:
        rows.writerow(["voter_id", "vote", "points"])
        for voter, ballot in enumerate(ballots, start=1):
            # Pabulib lists a vote in decreasing order of points; pabutools reads an empty
            # cell as a project named "", so an empty ballot is written as None.
            given = sorted(((i, p) for i, p in ballot.points.items() if p > 0), key=lambda ip: (-ip[1], ip[0]))
            rows.writerow([voter, ",".join(str(i) for i, _ in given) or "None",
                           ",".join(str(p) for _, p in given) or "None"])
    else:
        rows.writerow(["voter_id", "vote"])
        for voter, ballot in enumerate(ballots, start=1):
            rows.writerow([voter, ",".join(str(i) for i in sorted(ballot.approved))])
    return out.getvalue()


# --- the structural check --------------------------------------------------------------

@dataclass
class _Checked:
    meta: dict[str, str]
    budget_cents: int
    vote_type: str
    project_order: list[str]
    project_names: dict[str, str]
    project_lines: dict[str, int]
    option_ids: dict[str, int]
    vote_lines: list[int]
    repairs: tuple[PbRepair, ...]


def _malformed(line: int, detail: str) -> DomainError:
    return DomainError("pb_malformed", line=line, detail=detail)


def _records(text: str) -> Iterable[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank line; quoting as in FORMAT.md."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], delimiter=";", strict=True))
        except csv.Error as exc:
            raise _malformed(number, f"bad quoting: {exc}") from None
        yield number, cells


def _check_structure(text: str) -> _Checked:
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    section = None
    seen: list[str] = []
    header: list[str] | None = None
    projects: dict[str, list[str]] = {}
    project_lines: dict[str, int] = {}
    project_names: dict[str, str] = {}
    votes: list[tuple[int, dict[str, str]]] = []
    last_line = 0

    for number, cells in _records(text):
        last_line = number
        title = cells[0].strip().lower()
        if title in SECTIONS and all(not c.strip() for c in cells[1:]):
            expected = SECTIONS[len(seen)] if len(seen) < len(SECTIONS) else None
            if title != expected:
                raise _malformed(number, f"section {title.upper()} where "
                                         f"{expected.upper() if expected else 'nothing more'} was expected")
            seen.append(title)
            section, header = title, None
            continue
        if section is None:
            raise _malformed(number, "the file must start with META")
        if header is None and not (section == "meta" and [c.strip().lower() for c in cells] != ["key", "value"]):
            header = [c.strip() for c in cells]
            if section == "projects" and not {"project_id", "cost"} <= set(header):
                raise _malformed(number, "the PROJECTS header needs project_id and cost")
            if section == "votes" and "vote" not in header:
                raise _malformed(number, "the VOTES header needs a vote column")
            continue
        if section == "meta":
            header = header or ["key", "value"]
            if len(cells) < 2:
                raise _malformed(number, "a META line needs a key and a value")
            meta[cells[0].strip()] = cells[1].strip()
            meta_lines[cells[0].strip()] = number
            continue
        if len(cells) != len(header):
            raise _malformed(number, f"{len(header)} columns expected, {len(cells)} found")
        row = dict(zip(header, (c.strip() for c in cells)))
        if section == "projects":
            pid = row["project_id"]
            if not pid or pid in projects:
                raise _malformed(number, f"project_id {pid!r} is empty or used twice")
            _cents(_number(row["cost"], line=number), line=number)
            projects[pid] = cells
            project_lines[pid] = number
            project_names[pid] = row.get("name") or pid
        else:
            votes.append((number, row))

    for name in SECTIONS:
        if name not in seen:
            raise _malformed(last_line + 1, f"no {name.upper()} section")
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise _malformed(last_line + 1 if not meta_lines else max(meta_lines.values()) + 1,
                             f"META has no {key}")
    budget_cents = _cents(_number(meta["budget"], line=meta_lines["budget"]), line=meta_lines["budget"])
    vote_type = meta["vote_type"].lower()
    if vote_type not in VOTE_TYPES:
        raise _malformed(meta_lines["vote_type"], f"vote_type {vote_type!r} is not supported")

    repeated_lines = []
    for number, row in votes:
        named = _ids(row.get("vote", ""))
        for pid in named:
            if pid not in projects:
                raise _malformed(number, f"vote names project {pid!r}, which is not in PROJECTS")
        if len(set(named)) != len(named):
            if vote_type not in APPROVAL_TYPES:
                raise _malformed(number, f"a {vote_type} vote names a project twice")
            repeated_lines.append(number)
            named = list(dict.fromkeys(named))
        if vote_type in POINTS_TYPES and named:
            points = _ids(row.get("points", ""))
            if len(points) != len(named):
                raise _malformed(number, f"{len(named)} projects but {len(points)} points")
            for p in points:
                _whole_points(_number(p, line=number), line=number)
        if vote_type == "choose-1" and len(named) > 1:
            raise _malformed(number, "a choose-1 vote names more than one project")

    order = list(projects)
    numeric = all(pid.isdigit() for pid in order) and len({int(pid) for pid in order}) == len(order)
    option_ids = {pid: int(pid) if numeric else index for index, pid in enumerate(order, start=1)}
    return _Checked(
        meta=meta, budget_cents=budget_cents, vote_type=vote_type, project_order=order,
        project_names=project_names, project_lines=project_lines, option_ids=option_ids,
        vote_lines=[n for n, _ in votes],
        repairs=(PbRepair("repeated_project", tuple(repeated_lines)),) if repeated_lines else ())


def _ids(cell: str) -> list[str]:
    if cell.strip().lower() in _EMPTY:
        return []
    return [part.strip() for part in cell.split(",") if part.strip()]


def _number(text: str, *, line: int) -> Fraction:
    try:
        return Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise _malformed(line, f"{text!r} is not a number") from None


def _cents(amount: Fraction, *, line: int) -> int:
    cents = amount * 100
    if cents.denominator != 1 or cents < 0:
        raise _malformed(line, f"amount {float(amount)} is negative or finer than a cent")
    return int(cents)


def _whole_points(value, *, line: int) -> int:
    points = Fraction(str(value))
    if points.denominator != 1 or points < 0:
        raise _malformed(line, f"points must be whole numbers ≥ 0, not {value}")
    return int(points)


def _euros(cents: int) -> str:
    whole, part = divmod(cents, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}"
