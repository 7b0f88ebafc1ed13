"""Use cases of Besluiten: put a proposal to the table, gather signals, close the round,
record the decision. Every change sends everybody `consensus_changed` (anonymous tally)."""
import json

from sqlmodel import func, select

from . import deciding_views
from .allocation import check_within_budget
from .clock import utcnow
from .commands import CloseConsensusRound, GivePaperSignal, GiveSignal, Propose, RecordDecision
from .consensus import MAX_REASON, ConsensusRound, ConsensusSignal, Decision, consensus_outcome
from .errors import DomainError
from .events import Outcome, TableEvent
from .frame_consent_services import governing_frame
from .models import clean_text
from .signal_services import store_signal
from .table_access import get_table, lock_round_shares, next_seq, table_budget
from .unit_of_work import UnitOfWork


def propose(uow: UnitOfWork, command: Propose, *, table_id: int) -> Outcome:
    """A proposed allocation: one rule's outcome, possibly amended, within the budget."""
    chosen = command.option_ids
    with uow:
        table = get_table(uow, table_id)
        if deciding_views.current_consensus_round(uow.session, table_id) is not None:
            raise DomainError("consensus_round_open")
        costs = deciding_views.option_costs(uow.session, table_id)
        if any(option_id not in costs for option_id in chosen):
            raise DomainError("unknown_option")
        budget_cents = table_budget(uow, table)
        total = sum(costs[option_id] for option_id in chosen)
        if total > budget_cents:
            raise DomainError("proposal_over_budget")
        frame = governing_frame(uow.session, table_id)  # the agreed frame, or the draft until there is one
        number = (uow.session.exec(select(func.max(ConsensusRound.number))
                                   .where(ConsensusRound.table_id == table_id)).one() or 0) + 1
        uow.session.add(ConsensusRound(
            table_id=table_id, number=number, option_ids=json.dumps(chosen), based_on_rule=command.based_on_rule,
            total_cost_cents=total, consensus_rule=frame["consensus_rule"]))
        events = _consensus_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def give_signal(uow: UnitOfWork, command: GiveSignal, *, table_id: int, participant_id: int) -> Outcome:
    """One signal per participant per round; a new one replaces the old."""
    return _give(uow, command, table_id=table_id, participant_id=participant_id, paper_label=None)


def give_paper_signal(uow: UnitOfWork, command: GivePaperSignal, *, table_id: int) -> Outcome:
    """The answer of someone without a phone, under a label; the same label again replaces it."""
    return _give(uow, command, table_id=table_id, participant_id=None, paper_label=command.paper_label)


def _give(uow: UnitOfWork, command: GiveSignal, *, table_id: int, participant_id: int | None,
          paper_label: str | None) -> Outcome:
    # consensus_view reads the rounds and signals afresh: nothing to reload.
    return store_signal(uow, round_model=ConsensusRound, signal_model=ConsensusSignal, table_id=table_id,
                        participant_id=participant_id, paper_label=paper_label, level=command.level,
                        reason=command.reason, closed_code="consensus_round_closed",
                        changed=lambda uow, table_id: _consensus_changed(uow, table_id, reload_after=False))


def close_consensus_round(uow: UnitOfWork, _command: CloseConsensusRound, *, table_id: int) -> Outcome:
    """Stops the signals and computes the outcome under the table's consensus rule."""
    with uow:
        consensus_round = _open_round(uow, table_id)
        levels = list(uow.session.exec(select(ConsensusSignal.level)
                                       .where(ConsensusSignal.round_id == consensus_round.id)).all())
        consensus_round.closed_at = utcnow()
        consensus_round.outcome = consensus_outcome(levels, rule=consensus_round.consensus_rule)
        uow.session.add(consensus_round)
        events = _consensus_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def record_decision(uow: UnitOfWork, command: RecordDecision, *, table_id: int) -> Outcome:
    """The table's decision on its last closed round. The facilitator may record another
    outcome than the computed one only with a written reason."""
    with uow:
        table = get_table(uow, table_id)
        consensus_round = uow.session.exec(select(ConsensusRound).where(
            ConsensusRound.table_id == table_id, ConsensusRound.closed_at.is_not(None))
            .order_by(ConsensusRound.number.desc())).first()
        if consensus_round is None or deciding_views.current_consensus_round(uow.session, table_id) is not None:
            raise DomainError("no_closed_consensus_round")
        chosen_outcome = consensus_round.outcome if command.outcome is None else command.outcome
        reason = None
        if chosen_outcome != consensus_round.outcome:
            reason = clean_text(command.override_reason, code="override_needs_reason", max_length=MAX_REASON)
        # Under table budgets the share's row is locked first: the organiser's new split
        # waits for this decision and checks it (round_services.save_table_shares).
        lock_round_shares(uow, table.round_id)
        budget_cents = table_budget(uow, table)
        # The final allocation never exceeds the budget, whatever was proposed or changed since.
        costs = deciding_views.option_costs(uow.session, table_id)
        option_ids = json.loads(consensus_round.option_ids)
        total = check_within_budget(budget_cents=budget_cents, funded_costs=[costs.get(i, 0) for i in option_ids])
        decision = uow.session.get(Decision, table_id) or Decision(
            table_id=table_id, consensus_round_id=consensus_round.id, outcome="", computed_outcome="",
            option_ids="[]", total_cost_cents=0)
        decision.consensus_round_id, decision.outcome = consensus_round.id, chosen_outcome
        decision.computed_outcome, decision.override_reason = consensus_round.outcome, reason
        decision.option_ids, decision.total_cost_cents, decision.decided_at = json.dumps(option_ids), total, utcnow()
        uow.session.add(decision)
        events = _consensus_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def _open_round(uow: UnitOfWork, table_id: int) -> ConsensusRound:
    get_table(uow, table_id)
    consensus_round = deciding_views.current_consensus_round(uow.session, table_id)
    if consensus_round is None:
        raise DomainError("consensus_round_closed")
    return consensus_round


def _consensus_changed(uow: UnitOfWork, table_id: int, *, reload_after: bool = True) -> list[TableEvent]:
    uow.session.flush()
    seq = next_seq(uow, table_id, reload_after=reload_after)
    payload = deciding_views.consensus_view(uow.session, table_id)
    return [TableEvent("consensus_changed", table_id, seq, payload=payload)]
