"""Use cases of the frame consent round in Kaders: put the draft frame to the table,
gather answers (phones and paper), close the round under the table's consensus rule,
and the suggestions phones send for a goal or a condition. Every change sends everybody
`frame_consent_changed`: the rounds' anonymous tallies, never who answered how."""
import json
from typing import Any

from sqlalchemy import bindparam, func, union_all
from sqlmodel import Session, select

from .clock import utcnow
from .commands import (
    CloseFrameRound, GiveFrameSignal, GivePaperFrameSignal, ProposeFrame, SettleFrameSuggestion, SuggestForFrame,
)
from .deciding_views import read_signal_rows, signal_parts
from .errors import DomainError
from .events import Outcome, TableEvent
from .frame import TableFrame, frame_view
from .frame_consent import (
    PROPOSAL_FIELDS, SUGGESTION_FIELD, FrameRound, FrameSignal, FrameSuggestion, SuggestionStatus,
    check_can_propose, deciding_rule, governing, is_agreed, proposal_of, round_outcome, tally_of, with_suggestion,
)
from .signal_services import store_signal
from .table_access import get_table, next_seq
from .unit_of_work import UnitOfWork


def propose_frame(uow: UnitOfWork, _command: ProposeFrame, *, table_id: int) -> Outcome:
    """The draft frame, as it stands, goes to the table in a new round."""
    with uow:
        get_table(uow, table_id)
        if _open_round(uow.session, table_id) is not None:
            raise DomainError("frame_round_open")
        draft = uow.session.get(TableFrame, table_id)
        agreed = agreed_round(uow.session, draft)
        proposal = proposal_of(draft)
        check_can_propose(proposal, agreed)
        number = (uow.session.exec(select(func.max(FrameRound.number))
                                   .where(FrameRound.table_id == table_id)).one() or 0) + 1
        uow.session.add(FrameRound(table_id=table_id, number=number, decided_by=deciding_rule(proposal, agreed),
                                   **proposal))
        events = _changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def give_frame_signal(uow: UnitOfWork, command: GiveFrameSignal, *, table_id: int, participant_id: int) -> Outcome:
    """A phone's answer; a new one replaces its earlier answer in the same round."""
    return _give(uow, command, table_id=table_id, participant_id=participant_id, paper_label=None)


def give_paper_frame_signal(uow: UnitOfWork, command: GivePaperFrameSignal, *, table_id: int) -> Outcome:
    """The answer of someone without a phone, under a label; the same label again replaces it."""
    return _give(uow, command, table_id=table_id, participant_id=None, paper_label=command.paper_label)


def _give(uow: UnitOfWork, command: GiveFrameSignal, *, table_id: int, participant_id: int | None,
          paper_label: str | None) -> Outcome:
    return store_signal(uow, round_model=FrameRound, signal_model=FrameSignal, table_id=table_id,
                        participant_id=participant_id, paper_label=paper_label, level=command.level,
                        reason=command.reason, closed_code="frame_round_closed",
                        changed=lambda uow, table_id: _changed(uow, table_id, reload_after=False))


def close_frame_round(uow: UnitOfWork, _command: CloseFrameRound, *, table_id: int) -> Outcome:
    """Stops the answers. When the round meets the rule it is judged by, its proposal is
    the agreed frame from now on; the tally is kept with the round either way."""
    with uow:
        get_table(uow, table_id)
        frame_round = _open_round(uow.session, table_id)
        if frame_round is None:
            raise DomainError("frame_round_closed")
        counts, reasons, paper = _signals_of(uow.session, frame_round.id)
        levels = [level for level, count in counts.items() for _ in range(count)]
        frame_round.closed_at = utcnow()
        frame_round.outcome = round_outcome(levels, rule=frame_round.decided_by)
        frame_round.tally = json.dumps(tally_of(counts, reasons, paper=paper))
        uow.session.add(frame_round)
        if is_agreed(frame_round.outcome):
            uow.session.flush()
            draft = uow.session.get(TableFrame, table_id) or TableFrame(
                table_id=table_id, **{name: getattr(frame_round, name) for name in PROPOSAL_FIELDS})
            draft.agreed_round_id = frame_round.id
            uow.session.add(draft)
        events = _changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def suggest_for_frame(uow: UnitOfWork, command: SuggestForFrame, *, table_id: int) -> Outcome:
    """A phone's suggestion for a goal or a condition; who sent it is not kept."""
    with uow:
        get_table(uow, table_id)
        suggestion = FrameSuggestion(table_id=table_id, kind=command.kind, text=command.text)
        uow.session.add(suggestion)
        events = _changed(uow, table_id)
        uow.commit()
        return Outcome(events, ack={"suggestion_id": suggestion.id})


def settle_frame_suggestion(uow: UnitOfWork, command: SettleFrameSuggestion, *, table_id: int) -> Outcome:
    """Takes a suggestion into the draft (a line added to its goals or conditions), or
    sets it aside. Either way it leaves the list of open suggestions."""
    with uow:
        get_table(uow, table_id)
        suggestion = uow.session.get(FrameSuggestion, command.suggestion_id)
        if suggestion is None or suggestion.table_id != table_id or suggestion.status != SuggestionStatus.OPEN.value:
            raise DomainError("unknown_suggestion")
        events = []
        if command.take:
            if _open_round(uow.session, table_id) is not None:
                raise DomainError("frame_round_open")
            draft = uow.session.get(TableFrame, table_id) or TableFrame(table_id=table_id)
            field = SUGGESTION_FIELD[suggestion.kind]
            setattr(draft, field, with_suggestion(getattr(draft, field), suggestion.text))
            draft.updated_at = utcnow()
            uow.session.add(draft)
            uow.session.flush()
            seq = next_seq(uow, table_id)
            events.append(TableEvent("frame_changed", table_id, seq,
                                     payload={"frame": frame_view(uow.session.get(TableFrame, table_id))}))
        suggestion.status = (SuggestionStatus.TAKEN if command.take else SuggestionStatus.SET_ASIDE).value
        uow.session.add(suggestion)
        events += _changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def check_draft_editable(session: Session, table_id: int) -> None:
    """The draft stays as it was put while the table answers: amend after the round closes."""
    if _open_round(session, table_id) is not None:
        raise DomainError("frame_round_open")


# -- reading ---------------------------------------------------------------------------

def agreed_round(session: Session, draft: TableFrame | None) -> FrameRound | None:
    if draft is None or draft.agreed_round_id is None:
        return None
    return session.get(FrameRound, draft.agreed_round_id)


def governing_frame(session: Session, table_id: int) -> dict[str, Any]:
    """The frame that governs the table now: the agreed one, or until there is one the draft."""
    draft = session.get(TableFrame, table_id)
    return governing(draft, agreed_round(session, draft))


def frame_consent_view(session: Session, table_id: int) -> dict[str, Any]:
    rounds = session.exec(_ROUNDS, params={"table_id": table_id}).all()
    latest = rounds[-1] if rounds else None
    live = None
    if latest is not None and latest.closed_at is None:
        counts, reasons, paper = _signals_of(session, latest.id)
        live = tally_of(counts, reasons, paper=paper)
    draft = session.exec(select(TableFrame).where(TableFrame.table_id == table_id)
                         .execution_options(populate_existing=True)).first()
    agreed_id = draft.agreed_round_id if draft else None
    suggestions = session.exec(select(FrameSuggestion).where(FrameSuggestion.table_id == table_id)
                               .order_by(FrameSuggestion.id)).all()
    return frame_consent_dict(round_count=len(rounds), latest=latest, live=live,
                              agreed=next((r for r in rounds if r.id == agreed_id), None),
                              suggestions=[(s.id, s.kind, s.status, s.text) for s in suggestions])


def frame_rounds(session: Session, table_id: int) -> list[dict[str, Any]]:
    """Every frame round of the table, in order, for the minutes: an earlier agreed frame
    stays on record beside the one that replaced it."""
    rounds = session.exec(_ROUNDS, params={"table_id": table_id}).all()
    views = []
    for frame_round in rounds:
        live = None
        if frame_round.closed_at is None:
            counts, reasons, paper = _signals_of(session, frame_round.id)
            live = tally_of(counts, reasons, paper=paper)
        views.append(round_view(frame_round, live))
    draft = session.get(TableFrame, table_id)
    agreed_id = draft.agreed_round_id if draft else None
    for frame_round, view in zip(rounds, views):
        view["governs"] = frame_round.id == agreed_id
    return views


def frame_consent_dict(*, round_count: int, latest: FrameRound | None, live: dict | None, agreed: FrameRound | None,
                       suggestions: list[tuple[int, str, str, str]]) -> dict[str, Any]:
    """`frame_consent_view`'s dict from what was read: by an event, or by a snapshot."""
    return {"frame_consent": {
        "rounds": round_count,
        "latest": round_view(latest, live),
        "agreed": round_view(agreed, None),
        "suggestions": [{"id": i, "kind": kind, "status": status, "text": text}
                        for i, kind, status, text in suggestions if status == SuggestionStatus.OPEN.value],
    }}


def round_view(frame_round: FrameRound | None, live: dict | None) -> dict[str, Any] | None:
    if frame_round is None:
        return None
    open_now = frame_round.closed_at is None
    tally = live if open_now else json.loads(frame_round.tally or "null")
    return {
        "number": frame_round.number, "proposal": proposal_of(frame_round), "decided_by": frame_round.decided_by,
        "open": open_now, "outcome": frame_round.outcome, "agreed": is_agreed(frame_round.outcome),
        "opened_at": frame_round.opened_at.isoformat(timespec="minutes"),
        "closed_at": None if open_now else frame_round.closed_at.isoformat(timespec="minutes"),
        **(tally or tally_of({}, [])),
    }


def _signals_of(session: Session, round_id: int) -> tuple[dict[int, int], list[tuple[int, str]], int]:
    return read_signal_rows(session.execute(_SIGNALS, {"round_id": round_id}).all())


def _open_round(session: Session, table_id: int) -> FrameRound | None:
    return session.exec(select(FrameRound).where(FrameRound.table_id == table_id, FrameRound.closed_at.is_(None))
                        .execution_options(populate_existing=True)).first()


def _changed(uow: UnitOfWork, table_id: int, *, reload_after: bool = True) -> list[TableEvent]:
    uow.session.flush()
    seq = next_seq(uow, table_id, reload_after=reload_after)
    return [TableEvent("frame_consent_changed", table_id, seq, payload=frame_consent_view(uow.session, table_id))]


# Built once: every answer a phone gives reads them.
_ROUNDS = (select(FrameRound).where(FrameRound.table_id == bindparam("table_id"))
           .order_by(FrameRound.number).execution_options(populate_existing=True))
_SIGNALS = union_all(*signal_parts(model=FrameSignal))
