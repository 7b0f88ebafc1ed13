"""Pabulib files in and out of a table: import a `.pb` as options and an open ballot
round (to continue an online vote at the table), export a table as `.pb`, and allocate
a table's latest ballots under a rule (for the command line)."""
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlmodel import select

from . import accounts, deciding_views
from .allocation import OptionInput, Outcome, allocate
from .ballots import Ballot, BallotRound, ballot_input
from .clock import utcnow
from .clusters import Cluster, Option
from .errors import DomainError, NotFound
from .frame import BallotForm, TableFrame
from .join_codes import generate_join_code
from .models import MAX_NAME, BudgetRound, DeliberationTable, PhaseChange
from .minutes import minutes_as_pb, table_minutes
from .pabulib import PbRepair, read_pb
from .phases import Phase
from .text import check_characters
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PbImported:
    table_id: int
    repairs: tuple[PbRepair, ...]  # what was read leniently, for the organiser to hear


def import_pabulib(uow: UnitOfWork, *, organiser_id: int, text: str, round_id: int | None = None) -> PbImported:
    """A new table (in a new round unless one is given) with the file's projects as
    options and its votes as ballots of an open round."""
    instance = read_pb(check_characters(text))
    points = any(b.points is not None for b in instance.ballots)
    title = (instance.description or "Pabulib")[:MAX_NAME]
    with uow:
        if round_id is None:
            budget_round = BudgetRound(organiser_id=organiser_id, name=title, budget_cents=instance.budget_cents,
                                       neighbourhood=(instance.meta.get("subunit") or instance.meta.get("unit")
                                                      or instance.meta.get("country") or "—")[:MAX_NAME],
                                       starts_on=date.today(), ends_on=date.today())
            uow.session.add(budget_round)
            uow.session.flush()
        else:
            budget_round = uow.session.get(BudgetRound, round_id)
            if budget_round is None or budget_round.organiser_id != organiser_id:
                raise NotFound("round")
        table = DeliberationTable(round_id=budget_round.id, title=title, place="Pabulib",
                                  starts_at=datetime.now(timezone.utc), join_code=generate_join_code(),
                                  facilitator_token=accounts.new_secret_token(), wall_token=accounts.new_secret_token(),
                                  phase=Phase.VERDELEN.value)
        uow.session.add(table)
        uow.session.flush()
        uow.session.add(PhaseChange(table_id=table.id, phase=table.phase))
        form = BallotForm.VERDELEN.value if points else BallotForm.KIEZEN.value
        uow.session.add(TableFrame(table_id=table.id, ballot_form=form))
        option_of: dict[int, int] = {}
        for position, project in enumerate(instance.projects):
            cluster = Cluster(table_id=table.id, name=project.name[:MAX_NAME] or project.project_id, position=position)
            uow.session.add(cluster)
            uow.session.flush()
            option = Option(table_id=table.id, cluster_id=cluster.id, title=cluster.name, cost_cents=project.cost_cents)
            uow.session.add(option)
            uow.session.flush()
            option_of[project.id] = option.id
        ballot_round = BallotRound(table_id=table.id, number=1, ballot_form=form, budget_cents=instance.budget_cents)
        uow.session.add(ballot_round)
        uow.session.flush()
        # The file's votes are history: they are kept as cast, also where they exceed what
        # a phone may cast today (a longer list than the budget, more than 100 points).
        for number, ballot in enumerate(instance.ballots, start=1):
            content = ({"points": {str(option_of[k]): v for k, v in ballot.points.items() if v}} if points
                       else {"approved": sorted(option_of[k] for k in ballot.approved)})
            uow.session.add(Ballot(round_id=ballot_round.id, paper_label=f"Pabulib {number}", content=json.dumps(content)))
        uow.commit()
        return PbImported(table_id=table.id, repairs=instance.repairs)


def latest_outcome(uow: UnitOfWork, *, table_id: int, rule: str) -> tuple[Outcome, dict[int, OptionInput]]:
    """The allocation of the table's latest ballot round under one rule."""
    with uow:
        ballot_round = deciding_views.latest_ballot_round(uow.session, table_id)
        if ballot_round is None:
            raise DomainError("ballot_round_closed")
        options = {o.id: OptionInput(id=o.id, title=o.title, cost_cents=o.cost_cents) for o in uow.session.exec(
            select(Option).where(Option.table_id == table_id).order_by(Option.id)).all()}
        ballots = [ballot_input(content) for content in uow.session.exec(
            select(Ballot.content).where(Ballot.round_id == ballot_round.id)).all()]
        outcome = allocate(budget_cents=ballot_round.budget_cents, rule=rule, ballots=ballots,
                           options=list(options.values()))
        return outcome, options


def export_pabulib(uow: UnitOfWork, *, table_id: int) -> str:
    """The same file the minutes offer as `.pb`: one record, every format."""
    return minutes_as_pb(table_minutes(uow, table_id=table_id, now=utcnow()))
