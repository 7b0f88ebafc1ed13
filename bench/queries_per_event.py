"""The database work behind one event: SQL statements and CPU per call of each hot service.

A fresh database (SQLite in a temporary file; PostgreSQL as well when one answers on
127.0.0.1:5432, database `test`, in a database of its own that is dropped afterwards)
gets one table built through the service functions: 300 participants, 300 arguments
with reactions, 5 options, an open ballot round with a ballot from every participant
and an open consensus round with a signal from every participant, in Afwegen. Then N
times in turn (default 300), one call each of:

    submit_argument   a phone's new argument (with its per-minute limit checked)
    cast_ballot       a phone changes its ballot, in the round of 300 ballots
    give_signal       a phone changes its signal, in the round of 300 signals
    react             a phone changes its reaction to an argument
    snapshot          what a reconnecting phone receives (the table grows by one argument per turn)
    console snapshot  what a reconnecting console receives (every argument with its author)

(`build_table` also builds the table that tests/integration/test_snapshot_statements_on_databases.py
counts a snapshot's statements at.)

and, as the baseline, the least a change at a table costs: one unit of work that raises
the table's seq (`UPDATE deliberation_table SET seq = seq + 1`) and commits. Statements
are counted with SQLAlchemy's `before_cursor_execute`; CPU is `time.process_time` of this
process, so with PostgreSQL the server's own work is not in it. Runs on a busy machine
differ; the ratio to the baseline, measured interleaved in the same run, is the figure
to compare. Nothing is asserted.

    .venv/bin/python -m bench.queries_per_event [N]
"""
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import event, update

from sessions import (
    account_services, argument_services, ballot_services, cluster_services, commands, consensus_services, round_services, table_services,
)
from facilitator.database import make_engine, upgrade_schema
from sessions.models import DeliberationTable
from sessions.unit_of_work import UnitOfWork
from tests.support.postgres import fresh_database, postgres_reachable

PARTICIPANTS = 300
OPTION_COSTS_EUROS = (8_000, 3_000, 2_000, 1_500, 1_000)
REACTION_VALUES = ("agree", "disagree", "pass")
PER_MINUTE_LIMIT = 6  # the shipped ARGUMENTS_PER_MINUTE
WARM_UP = 10
EVENTS = ("baseline", "submit_argument", "cast_ballot", "give_signal", "react", "snapshot", "console snapshot")


class StatementCounter:
    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def build_table(uow: UnitOfWork, participants: int = PARTICIPANTS, *, email: str = "bench@example.org",
                ) -> tuple[int, list[int], list[int], list[int], dict[tuple[int, int], int]]:
    """(table id, participant ids, argument ids, option ids, the reactions: (participant, argument) ->
    index in REACTION_VALUES). Each participant writes an argument and reacts to three."""
    organiser = account_services.create_organiser(uow, email=email, password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="Bench", neighbourhood="Noord",
                                         budget_cents=12_500_00, starts_on=date(2027, 1, 1),
                                         ends_on=date(2027, 2, 1))
    table_id = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title="Bench",
                                     place="Buurthuis", starts_at=datetime(2027, 1, 14, 19, tzinfo=timezone.utc))["id"]
    people = [table_services.join_table(uow, table_id=table_id, display_name=f"Bewoner {n}").ack["participant_id"]
              for n in range(participants)]
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table_id)
    arguments = [argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance=("voor", "tegen", "idee")[n % 3], text=f"Argument nummer {n + 1} over het plein"), table_id=table_id, participant_id=person).ack["argument_id"]
        for n, person in enumerate(people)]
    table_services.set_phase(uow, commands.SetPhase(phase="ordenen"), table_id=table_id)
    options = []
    for n, cost in enumerate(OPTION_COSTS_EUROS):
        members = arguments[n::len(OPTION_COSTS_EUROS)][:10]
        cluster = cluster_services.create_cluster(uow, commands.CreateCluster(name=f"Thema {n + 1}", argument_ids=members), table_id=table_id).ack["cluster_id"]
        options.append(cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster, title=f"Optie {n + 1}", cost_euros=cost), table_id=table_id).ack["option_id"])
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table_id)
    reactions = {}
    for n, person in enumerate(people):
        for k in range(3):
            argument_id, value = arguments[(n + 7 * k) % len(arguments)], (n + k) % 3
            argument_services.react(uow, commands.React(argument_id=argument_id, value=REACTION_VALUES[value]), table_id=table_id, participant_id=person)
            reactions[person, argument_id] = value
    ballot_services.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table_id)
    for n, person in enumerate(people):
        ballot_services.cast_ballot(uow, commands.CastBallot(approved=_choice(options, n)), table_id=table_id, participant_id=person)
    consensus_services.propose(uow, commands.Propose(option_ids=options[1:4]), table_id=table_id)
    for n, person in enumerate(people):
        consensus_services.give_signal(uow, commands.GiveSignal(level=1 + n % 4, reason="Zorgen over de kosten" if n % 10 == 0 else None), table_id=table_id, participant_id=person)
    return table_id, people, arguments, options, reactions


def _choice(options: list[int], n: int) -> list[int]:
    # Within the € 12,500 budget whatever n is: the first option (€ 8,000) with at most two cheap ones.
    return [options[0], options[1 + n % 4]] if n % 2 else [options[1 + n % 4], options[1 + (n + 1) % 4]]


def minimal_transaction(uow: UnitOfWork, table_id: int) -> None:
    with uow:
        uow.session.execute(update(DeliberationTable).where(DeliberationTable.id == table_id)
                            .values(seq=DeliberationTable.seq + 1))
        uow.commit()


def measure(engine, runs: int) -> dict[str, tuple[int, float]]:
    """Event name -> (statements per call, median CPU ms per call)."""
    uow = UnitOfWork(engine)
    table_id, people, arguments, options, reactions = build_table(uow)
    counter = StatementCounter(engine)

    def call(name: str, i: int) -> None:
        person = people[i % len(people)]
        if name == "baseline":
            minimal_transaction(uow, table_id)
        elif name == "submit_argument":
            argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text=f"Nog een argument, nummer {i}"), table_id=table_id, participant_id=person, per_minute_limit=PER_MINUTE_LIMIT)
        elif name == "cast_ballot":
            # i // len(people) + 1 differs from the ballot cast while building, so it changes.
            events = ballot_services.cast_ballot(uow, commands.CastBallot(approved=_choice(options, i + i // len(people) + 1)), table_id=table_id, participant_id=person).events
            assert events[0].payload["ballots"]["turnout"] == len(people)
        elif name == "give_signal":
            consensus_services.give_signal(uow, commands.GiveSignal(level=1 + (i + 1 + i // len(people)) % 4), table_id=table_id, participant_id=person)
        elif name == "react":
            # Another value than this person's reaction so far, so that it changes.
            argument_id = arguments[(i * 13 + 5) % len(arguments)]
            value = (reactions.get((person, argument_id), -1) + 1) % len(REACTION_VALUES)
            events = argument_services.react(uow, commands.React(argument_id=argument_id, value=REACTION_VALUES[value]), table_id=table_id, participant_id=person).events
            reactions[person, argument_id] = value
            assert events
        elif name == "snapshot":
            table_services.snapshot(uow, table_id=table_id, for_console=False, participant_id=person)
        elif name == "console snapshot":
            table_services.snapshot(uow, table_id=table_id, for_console=True)

    statements: dict[str, list[int]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    for i in range(WARM_UP + runs):
        for name in EVENTS:
            before_count, before_cpu = counter.count, time.process_time()
            call(name, i)
            spent, made = time.process_time() - before_cpu, counter.count - before_count
            if i >= WARM_UP:
                statements[name].append(made)
                cpu[name].append(spent * 1000)
    return {name: (round(statistics.median(statements[name])), statistics.median(cpu[name])) for name in EVENTS}


def report(database: str, figures: dict[str, tuple[int, float]], runs: int) -> None:
    base_ms = figures["baseline"][1]
    print(f"\n{database}: {PARTICIPANTS} participants, {len(OPTION_COSTS_EUROS)} options, "
          f"{PARTICIPANTS} ballots and signals; median of {runs} calls each")
    print(f"{'event':<18}{'statements':>11}{'CPU ms':>9}{'× baseline':>12}")
    for name, (made, ms) in figures.items():
        print(f"{name:<18}{made:>11}{ms:>9.2f}{ms / base_ms:>12.1f}")
    print("(baseline: one unit of work with UPDATE deliberation_table SET seq = seq + 1, and its commit)")


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade_schema(engine)
        report("SQLite (file, WAL)", measure(engine, runs), runs)
        engine.dispose()
    if not postgres_reachable():
        print("\nPostgreSQL: not reachable on 127.0.0.1:5432, skipped")
        return
    with fresh_database("buurttafel_bench") as name:
        engine = make_engine(f"postgresql://127.0.0.1:5432/{name}")
        upgrade_schema(engine)
        report("PostgreSQL (local; CPU is this process only)", measure(engine, runs), runs)
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
