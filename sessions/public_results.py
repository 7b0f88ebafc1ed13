"""What the neighbourhood sees after the evening: a round's public results page.

The organiser publishes a round under a short code (and can take it down again); the
page shows the round's question and budget, the frames the tables agreed, which options
the round funded with their amounts and reasons, the anonymous minutes, and, as the work
is carried out, how each funded option is going. Nothing on it names a person: no display
name, no paper-ballot label, no author number, no facilitator, no "carried by", no reason
tied to a person (`anonymous_minutes` strips the minutes the same way).

`round_results` is the one place that says what "the decision of the round" is. Today it
is built from each table's recorded Decision; when the round gets a decision of its own,
only that function changes.
"""
import json
import re
import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, func, select

from . import minutes
from .ballots import BallotRound
from .clock import utcnow
from .clusters import Option
from .consensus import ConsensusRound, Decision
from .errors import DomainError, NotFound
from .frame import TableFrame
from .frame_consent_services import governing_frame
from .join_codes import JOIN_CODE_ALPHABET
from .models import BudgetRound, DeliberationTable
from .round_frame import Combination, RoundFrame
from .round_votes import RoundBallot, RoundOption, RoundOptionSource
from .table_access import owned_round
from .text import check_characters, is_blank
from .unit_of_work import UnitOfWork
from . import views

# Read off a poster and typed into a phone: the join codes' alphabet (no 0/O, 1/I, …),
# two characters longer, since a results code stays valid for months: 19**8 ≈ 17 billion.
RESULTS_CODE_LENGTH = 8
MAX_STATUS_NOTE = 280
MAX_STATUS_REASON = 500


class Status:
    PLANNED = "gepland"
    IN_PROGRESS = "in_uitvoering"
    DONE = "klaar"
    DROPPED = "vervallen"
    ALL = (PLANNED, IN_PROGRESS, DONE, DROPPED)


class RoundPublication(SQLModel, table=True):
    """Whether a round's results page is public, and under which code. The code stays the
    same when the page is taken down and published again, so posters keep working."""

    __tablename__ = "round_publication"
    round_id: int = Field(foreign_key="budget_round.id", primary_key=True)
    code: str = Field(max_length=RESULTS_CODE_LENGTH, unique=True, index=True)
    published: bool = Field(default=False)
    published_at: datetime | None = Field(default=None)
    updated_at: datetime = Field(default_factory=utcnow)


class OptionStatusUpdate(SQLModel, table=True):
    """One entry in the history of a funded option: how it is going, from when. Never
    changed afterwards; the latest (by date, then by when it was recorded) is its status."""

    __tablename__ = "option_status_update"
    __table_args__ = (UniqueConstraint("round_id", "option_id", "number", name="uq_option_status_number"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="budget_round.id", index=True)
    option_id: int = Field(foreign_key="option.id", index=True)
    number: int
    status: str = Field(max_length=20)
    on_date: date
    note: str | None = Field(default=None, max_length=MAX_STATUS_NOTE)
    reason: str | None = Field(default=None, max_length=MAX_STATUS_REASON)
    recorded_at: datetime = Field(default_factory=utcnow)


# -- codes ---------------------------------------------------------------------------

def generate_results_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(RESULTS_CODE_LENGTH))


def normalise_results_code(typed: str) -> str | None:
    """A code as typed from a poster ("acef-hjkm", with spaces), or None when it cannot be one."""
    code = "".join(ch for ch in typed.upper() if not ch.isspace() and ch != "-")
    if len(code) != RESULTS_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        return None
    return code


# -- the rules of a status update ----------------------------------------------------

_MONTHS = {
    **{name: n for n, name in enumerate(("januari", "februari", "maart", "april", "mei", "juni", "juli",
                                         "augustus", "september", "oktober", "november", "december"), start=1)},
    **{name: n for n, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                         "august", "september", "october", "november", "december"), start=1)},
    **{name: n for n, name in enumerate(("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
                                         "nov", "dec"), start=1)},
    "mar": 3, "may": 5, "oct": 10, "sept": 9,
}
# ASCII: \d would take other scripts' digits too.
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_WORDED_DATE = re.compile(r"(\d{1,2})\.?\s+([a-z]+)\.?\s+(\d{4})", re.ASCII)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_dutch_date(typed: object) -> date:
    """A date as a Dutch organiser types it: "7-12-2026", "07/12/2026", "7.12.2026",
    "7 december 2026", "7 dec. 2026"; also "2026-12-07" (what a date picker sends) and
    English month names. Day first, always: "3-4-2027" is 3 April. Else
    DomainError("status_date_invalid")."""
    if not isinstance(typed, str):
        raise DomainError("status_date_invalid")
    text = " ".join(typed.strip().lower().split())
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif (match := _WORDED_DATE.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    else:
        raise DomainError("status_date_invalid")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError("status_date_invalid")
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError("status_date_invalid") from None


def _short_text(value: object, *, code: str, max_length: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DomainError(code)
    text = " ".join(check_characters(value).split())
    if is_blank(text):
        return None
    if len(text) > max_length:
        raise DomainError(code)
    return text


def clean_status_update(*, status: object, on_date: object, note: object = None,
                        reason: object = None) -> dict[str, Any]:
    """The rules of one update: a known status, a real date, a short note (optional),
    and a reason that "vervallen" (dropped) must have and the others do not take."""
    if status not in Status.ALL:
        raise DomainError("status_unknown")
    parsed = on_date if isinstance(on_date, date) else parse_dutch_date(on_date)
    cleaned_note = _short_text(note, code="status_note_too_long", max_length=MAX_STATUS_NOTE)
    cleaned_reason = _short_text(reason, code="status_reason_too_long", max_length=MAX_STATUS_REASON)
    if status == Status.DROPPED and cleaned_reason is None:
        raise DomainError("status_dropped_needs_reason")
    if status != Status.DROPPED:
        cleaned_reason = None
    return {"status": status, "on_date": parsed, "note": cleaned_note, "reason": cleaned_reason}


def latest_status(updates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The status an option has now: the update with the latest date; on one day, the
    one recorded last."""
    if not updates:
        return None
    return max(updates, key=lambda u: (u["on_date"], u["number"]))


# -- the decision of the round ---------------------------------------------------------

def round_results(session: Session, budget_round: BudgetRound) -> dict[str, Any]:
    """Which options the round funded, with amounts and reasons, and what is left.

    Built from the decisions the tables recorded: every option in a table's decision that
    the table came to agree on (not "no consensus"). The reasons are the allocation's own
    explanations, in Dutch and English, under the rule the decided proposal was based on."""
    tables = session.exec(select(DeliberationTable).where(DeliberationTable.round_id == budget_round.id)
                          .order_by(DeliberationTable.starts_at, DeliberationTable.id)).all()
    combination = session.exec(select(RoundFrame.combination).where(RoundFrame.round_id == budget_round.id)).first()
    if combination == Combination.PLENARY.value:
        return _with_bar(budget_round, _funded_by_the_joint_vote(session, budget_round.id),
                         [_table_record(table, None) for table in tables])
    funded, table_records = [], []
    for table in tables:
        decision = session.get(Decision, table.id)
        table_records.append(_table_record(table, decision))
        if decision is None or decision.outcome == "no_consensus":
            continue
        option_ids = json.loads(decision.option_ids)
        options = {o.id: o for o in session.exec(select(Option).where(Option.id.in_(option_ids))).all()}
        explanations = _explanations(session, table.id, decision)
        for option_id in option_ids:
            option = options.get(option_id)
            if option is None or option.table_id != table.id:
                continue
            funded.append({
                "option_id": option.id, "title": option.title, "description": option.description,
                "cost_cents": option.cost_cents, "table_id": table.id, "table_title": table.title,
                "outcome": decision.outcome, "reason": explanations.get(str(option.id)),
                "decided_at": decision.decided_at.isoformat(timespec="seconds"),
            })
    return _with_bar(budget_round, funded, table_records)


def _table_record(table: DeliberationTable, decision: Decision | None) -> dict[str, Any]:
    return {"id": table.id, "title": table.title, "place": table.place,
            "starts_at": table.starts_at.isoformat(timespec="minutes"),
            "decided": decision is not None, "outcome": None if decision is None else decision.outcome}


def _funded_by_the_joint_vote(session: Session, round_id: int) -> list[dict[str, Any]]:
    """The round options the organiser recorded after the joint vote, with the reason the
    round's counting rule gives. A funded plan's status history is kept under the table
    option it came from (the first of its sources), so it refers to a real option."""
    ballot = session.exec(select(RoundBallot).where(RoundBallot.round_id == round_id)).first()
    if ballot is None or ballot.decision is None:
        return []
    funded_ids = json.loads(ballot.decision)["funded"]
    options = {o.id: o for o in session.exec(select(RoundOption).where(RoundOption.id.in_(funded_ids))).all()}
    first_source = dict(session.exec(
        select(RoundOptionSource.round_option_id, func.min(RoundOptionSource.option_id))
        .where(RoundOptionSource.round_ballot_id == ballot.id, RoundOptionSource.round_option_id.in_(funded_ids))
        .group_by(RoundOptionSource.round_option_id)).all())
    explanations = json.loads(ballot.results or "{}").get(ballot.rule, {}).get("explanations", {})
    return [{"option_id": first_source[option_id], "title": options[option_id].title, "description": "",
             "cost_cents": options[option_id].cost_cents, "table_id": None, "table_title": None,
             "outcome": None, "reason": explanations.get(str(option_id)),
             "decided_at": ballot.decided_at.isoformat(timespec="seconds")}
            for option_id in sorted(options, key=lambda i: (options[i].position, i)) if option_id in first_source]


def _with_bar(budget_round: BudgetRound, funded: list[dict[str, Any]],
              table_records: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(o["cost_cents"] for o in funded)
    bar = views.budget_bar(budget_round.budget_cents,
                           [{"label": o["title"], "cents": o["cost_cents"]} for o in funded])
    for number, option in enumerate(funded, start=1):
        option["number"] = number
    return {"funded": funded, "total_cents": total, "budget_cents": budget_round.budget_cents,
            "left_cents": budget_round.budget_cents - total, "bar": bar, "tables": table_records}


def _explanations(session: Session, table_id: int, decision: Decision) -> dict[str, dict[str, str]]:
    """Option id -> {"nl", "en"}: why the rule behind the decided proposal funded it."""
    consensus_round = session.get(ConsensusRound, decision.consensus_round_id)
    rule = consensus_round.based_on_rule if consensus_round else None
    if rule is None:
        return {}
    ballot_round = session.exec(select(BallotRound).where(BallotRound.table_id == table_id,
                                                          BallotRound.results.is_not(None))
                                .order_by(BallotRound.number.desc())).first()
    if ballot_round is None:
        return {}
    return json.loads(ballot_round.results).get(rule, {}).get("explanations", {})


def _frames(session: Session, table_ids: list[int]) -> list[dict[str, Any]]:
    """What each table agreed in Kaders that the public may read: goals, conditions and how
    it decided — the frame the table agreed by consent, or its draft until it did (marked).
    Not the roles: those name people."""
    recorded = set(session.exec(select(TableFrame.table_id).where(TableFrame.table_id.in_(table_ids))).all())
    return [{"table_id": table_id, **{key: frame[key] for key in ("goals", "conditions", "ballot_form", "rule",
                                                                  "consensus_rule", "agreed")}}
            for table_id in table_ids if table_id in recorded
            for frame in (governing_frame(session, table_id),)]


def _round_frame(session: Session, round_id: int) -> dict[str, Any] | None:
    """The organiser's frame of the round: its goals and conditions, its counting rule and
    how the tables' work became one decision."""
    frame = session.get(RoundFrame, round_id)
    if frame is None:
        return None
    return {"goals": frame.goals, "conditions": frame.conditions, "rule": frame.rule,
            "combination": frame.combination}


def _updates_of(session: Session, round_id: int) -> dict[int, list[dict[str, Any]]]:
    rows = session.exec(select(OptionStatusUpdate).where(OptionStatusUpdate.round_id == round_id)
                        .order_by(OptionStatusUpdate.option_id, OptionStatusUpdate.number)).all()
    history: dict[int, list[dict[str, Any]]] = {}
    for u in rows:
        history.setdefault(u.option_id, []).append({
            "number": u.number, "status": u.status, "on_date": u.on_date, "note": u.note, "reason": u.reason,
            "recorded_at": u.recorded_at.isoformat(timespec="seconds")})
    return history


def _with_status(session: Session, round_id: int, results: dict[str, Any]) -> dict[str, Any]:
    history = _updates_of(session, round_id)
    for option in results["funded"]:
        updates = history.get(option["option_id"], [])
        # Newest first, as the page lists them.
        option["history"] = sorted(updates, key=lambda u: (u["on_date"], u["number"]), reverse=True)
        option["status"] = latest_status(updates)
    return results


def _page(session: Session, budget_round: BudgetRound, publication: RoundPublication | None) -> dict[str, Any]:
    results = _with_status(session, budget_round.id, round_results(session, budget_round))
    round_view = views.round_view(budget_round)
    return {
        "round": {key: round_view[key] for key in ("id", "name", "neighbourhood", "budget_cents",
                                                   "starts_on", "ends_on", "erased_at")},
        "results": results,
        "frames": _frames(session, [t["id"] for t in results["tables"]]),
        "round_frame": _round_frame(session, budget_round.id),
        "publication": _publication_view(publication),
    }


def _publication_view(publication: RoundPublication | None) -> dict[str, Any] | None:
    return None if publication is None else {
        "code": publication.code, "published": publication.published,
        "published_at": publication.published_at.isoformat(timespec="seconds") if publication.published_at else None}


# -- use cases -----------------------------------------------------------------------

def public_page(uow: UnitOfWork, *, code: str) -> dict[str, Any]:
    """The public page of a published round; NotFound for an unknown code, a page taken
    down, and a round whose personal data was erased."""
    with uow:
        budget_round, publication = _published(uow, code)
        return _page(uow.session, budget_round, publication)


def public_minutes(uow: UnitOfWork, *, code: str, now: datetime) -> dict[str, Any]:
    """The anonymous minutes of a published round, as `anonymous_minutes` leaves them."""
    with uow:
        budget_round, _publication = _published(uow, code)
        round_id, organiser_id = budget_round.id, budget_round.organiser_id
    record = minutes.round_minutes(uow, round_id=round_id, organiser_id=organiser_id, with_names=False, now=now)
    return anonymous_minutes(record)


def _published(uow: UnitOfWork, code: str) -> tuple[BudgetRound, RoundPublication]:
    normalised = normalise_results_code(code)
    publication = None if normalised is None else uow.session.exec(
        select(RoundPublication).where(RoundPublication.code == normalised)).first()
    if publication is None or not publication.published:
        raise NotFound("results")
    budget_round = uow.session.get(BudgetRound, publication.round_id)
    if budget_round is None or budget_round.erased_at is not None:
        raise NotFound("results")
    return budget_round, publication


def organiser_page(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> dict[str, Any]:
    """The same page as the public sees (or would see), for the organiser who manages it."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        return _page(uow.session, budget_round, uow.session.get(RoundPublication, round_id))


def publication_of(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> dict[str, Any] | None:
    """Whether the round's results page is public, and its code: None before it was first published."""
    with uow:
        owned_round(uow, organiser_id, round_id)
        return _publication_view(uow.session.get(RoundPublication, round_id))


def set_published(uow: UnitOfWork, *, organiser_id: int, round_id: int, published: bool) -> dict[str, Any]:
    """Publish (the first time, under a new code) or take down the round's results page.
    A round whose personal data was erased cannot be published."""
    for _attempt in range(5):
        with uow:
            budget_round = owned_round(uow, organiser_id, round_id)
            if published and budget_round.erased_at is not None:
                raise DomainError("round_erased")
            publication = uow.session.get(RoundPublication, round_id)
            if publication is None:
                publication = RoundPublication(round_id=round_id, code=generate_results_code())
            now = utcnow()
            if published and not publication.published:
                publication.published_at = now
            publication.published, publication.updated_at = published, now
            uow.session.add(publication)
            try:
                uow.commit()
            except IntegrityError:
                continue  # the new code was taken (or another request published first): again
            return _publication_view(publication)
    raise DomainError("server_error")


def record_status(uow: UnitOfWork, *, organiser_id: int, round_id: int, option_id: int, status: object,
                  on_date: object, note: object = None, reason: object = None) -> dict[str, Any]:
    """A new entry in a funded option's history. Only an option the round funded."""
    for _attempt in range(20):
        with uow:
            budget_round = owned_round(uow, organiser_id, round_id)
            cleaned = clean_status_update(status=status, on_date=on_date, note=note, reason=reason)
            # PostgreSQL: updates of one round wait for each other here, so each takes the next
            # number. SQLite has no row locks; there a second writer meets the unique number and tries again.
            uow.session.refresh(budget_round, with_for_update=True)
            funded = {o["option_id"] for o in round_results(uow.session, budget_round)["funded"]}
            if option_id not in funded:
                raise NotFound("option")
            numbers = uow.session.exec(select(OptionStatusUpdate.number).where(
                OptionStatusUpdate.round_id == round_id, OptionStatusUpdate.option_id == option_id)).all()
            update = OptionStatusUpdate(round_id=round_id, option_id=option_id,
                                        number=max(numbers, default=0) + 1, **cleaned)
            uow.session.add(update)
            try:
                uow.commit()
            except IntegrityError:
                continue  # two updates of one option at once: the second takes the next number
            return {"option_id": option_id, "number": update.number, **cleaned}
    raise DomainError("server_error")


# -- the minutes, for everybody ------------------------------------------------------

def anonymous_minutes(record: dict[str, Any]) -> dict[str, Any]:
    """Round minutes without names (`round_minutes(with_names=False)`) made fit for anybody:
    no author numbers on arguments, no facilitator, no roles (in the frame and in every frame
    proposal), no "carried by", paper ballots as
    anonymous as digital ones (numbered in an order of their content, not of entry), and
    consensus signals in an order of their content."""
    for table in record["tables"]:
        table["table"]["facilitator"] = None
        table["participants"]["names_shown"] = False
        table["participants"]["list"] = [{"number": p["number"], "name": None} for p in table["participants"]["list"]]
        table["frame"]["roles"] = ""
        for frame_round in table.get("frame_rounds", []):  # every proposal put to the table names its roles
            frame_round["proposal"]["roles"] = ""
        for option in table["options"]:
            option["carried_by"] = None
        for argument in table["arguments"]:
            argument["participant_number"] = None
        for ballot_round in table["ballot_rounds"]:
            given = [{"approved": b.get("approved"), "points": b.get("points")} for b in ballot_round["ballots"]]
            given.sort(key=lambda g: json.dumps(g, sort_keys=True))
            ballot_round["ballots"] = [{"ballot": n, **g} for n, g in enumerate(given, start=1)]
        for consensus_round in table["consensus_rounds"]:
            consensus_round["signals"].sort(key=lambda s: (s["level"], s["reason"] or ""))
    return record
