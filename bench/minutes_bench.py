"""How long the minutes of a busy table take, per format.

A table with N arguments (default 300: the forty Dutch test arguments, numbered),
five options, 60 ballots and two consensus rounds is built in a fresh SQLite database
through the service functions. Then, the median of 3 runs each: building the record
(`sessions.minutes.table_minutes`) and rendering every format from it. The baseline,
in the same run, is WeasyPrint printing a one-paragraph page: what any PDF costs on
this machine at this moment, so the PDF line is also given as a ratio to it. No
timing is asserted anywhere.

    .venv/bin/python -m bench.minutes_bench [N]
"""
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

from facilitator import create_app, unit_of_work
from facilitator.minutes_render import FORMATS, render_minutes
from sessions import (
    account_services, argument_services, ballot_services, cluster_services, commands, consensus_services, minutes, round_services, table_services,
)
from sessions.clock import utcnow
from tests.support.dutch_arguments import THEMES

RUNS = 3


def busy_table(app, arguments: int) -> int:
    uow = unit_of_work(app)
    organiser = account_services.create_organiser(uow, email="bench@example.org", password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="Bench", neighbourhood="Noord",
                                         budget_cents=50_000_00, starts_on=date(2027, 1, 1), ends_on=date(2027, 2, 1))
    table_id = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title="Bench",
                                     place="Buurthuis", starts_at=datetime(2027, 1, 14, 19, tzinfo=timezone.utc),
                                     facilitator_name="Fatima")["id"]
    people = [table_services.join_table(uow, table_id=table_id, display_name=f"Bewoner {n}").ack["participant_id"] for n in range(60)]
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table_id)
    texts = [text for theme in THEMES.values() for text in theme]
    by_theme: dict[str, list[int]] = {theme: [] for theme in THEMES}
    for n in range(arguments):
        theme = list(THEMES)[n % len(THEMES)]
        by_theme[theme].append(argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance=("voor", "tegen", "idee")[n % 3], text=f"{texts[n % len(texts)]} ({n + 1})"), table_id=table_id, participant_id=people[n % len(people)]).ack["argument_id"])
    table_services.set_phase(uow, commands.SetPhase(phase="ordenen"), table_id=table_id)
    options = []
    for n, (theme, ids) in enumerate(by_theme.items()):
        cluster = cluster_services.create_cluster(uow, commands.CreateCluster(name=theme, argument_ids=ids), table_id=table_id).ack["cluster_id"]
        options.append(cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster, title=theme.title(), cost_euros=8_000 + 2_000 * n), table_id=table_id).ack["option_id"])
    table_services.set_phase(uow, commands.SetPhase(phase="verdelen"), table_id=table_id)
    ballot_services.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table_id)
    for n, person in enumerate(people):
        ballot_services.cast_ballot(uow, commands.CastBallot(approved=[options[n % 5], options[(n + 1) % 5]]), table_id=table_id, participant_id=person)
    ballot_services.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table_id)
    table_services.set_phase(uow, commands.SetPhase(phase="besluiten"), table_id=table_id)
    for proposal in (options[:3], options[1:4]):
        consensus_services.propose(uow, commands.Propose(option_ids=proposal), table_id=table_id)
        for n, person in enumerate(people):
            consensus_services.give_signal(uow, commands.GiveSignal(level=1 + n % 4, reason="Zorgen over de kosten" if n % 10 == 0 else None), table_id=table_id, participant_id=person)
        consensus_services.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table_id)
    consensus_services.record_decision(uow, commands.RecordDecision(), table_id=table_id)
    return table_id


def median_seconds(action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(arguments: int) -> None:
    from weasyprint import HTML

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE_PATH": str(Path(folder) / "instance"),
                          "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}"})
        with app.app_context():
            table_id = busy_table(app, arguments)
        print(f"Minutes of a table with {arguments} arguments, 60 participants, 5 options, 2 consensus rounds "
              f"(median of {RUNS})")
        with app.test_request_context():
            baseline, _ = median_seconds(lambda: HTML(string="<p>Eén alinea.</p>").write_pdf())
            build, record = median_seconds(lambda: minutes.table_minutes(unit_of_work(app), table_id=table_id,
                                                                         now=utcnow()))
            print(f"{'step':<22}{'seconds':>9}{'size':>11}{'× one-line PDF':>16}")
            print(f"{'baseline: 1-line PDF':<22}{baseline:>9.3f}{'':>11}{1:>16.1f}")
            print(f"{'build the record':<22}{build:>9.3f}")
            for fmt in FORMATS:
                seconds, rendered = median_seconds(lambda: render_minutes(record, fmt, language="nl"))
                ratio = f"{seconds / baseline:>16.1f}" if fmt == "pdf" else ""
                print(f"{'render ' + fmt:<22}{seconds:>9.3f}{len(rendered.body):>11,}{ratio}")
        app.extensions["engine"].dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
