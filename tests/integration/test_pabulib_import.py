"""Pabulib through the app: import into the database, allocate from it, export again,
and the command line."""
from pathlib import Path

import pytest

from facilitator import unit_of_work
from sessions import account_services, pabulib_services, round_services, table_services
from sessions.allocation import OptionInput, allocate
from sessions.pabulib import read_pb

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pabulib"
# The three small files; the two with 1,000+ voters are covered by tests/unit and the benchmark.
FILES = ["poland_warszawa_2019_przyczolek-grochowski.pb", "poland_gdansk_2020_rudniki.pb",
         "poland_krakow_2018_wzgorza-krzeslawickie.pb"]


@pytest.fixture
def organiser(app):
    return account_services.create_organiser(unit_of_work(app), email="org@example.nl", password="lang genoeg wachtwoord")


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_an_imported_file_allocates_as_the_file_itself_does(app, organiser, name, rule):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    table_id = pabulib_services.import_pabulib(unit_of_work(app), organiser_id=organiser, text=text)
    outcome, options = pabulib_services.latest_outcome(unit_of_work(app), table_id=table_id, rule=rule)
    instance = read_pb(text)
    direct = allocate(budget_cents=instance.budget_cents, ballots=instance.ballots, rule=rule,
                      options=[OptionInput(p.id, p.name, p.cost_cents) for p in instance.projects])
    names = {p.id: p.name[:120] or p.project_id for p in instance.projects}
    assert sorted(options[i].title for i in outcome.funded) == sorted(names[i] for i in direct.funded)
    snapshot = table_services.snapshot(unit_of_work(app), table_id=table_id, for_console=False)
    assert snapshot["ballots"]["turnout"] == len(instance.ballots) and snapshot["ballots"]["open"]


def test_export_gives_a_file_that_imports_to_the_same_table(app, organiser):
    text = (FIXTURES / FILES[0]).read_text(encoding="utf-8")
    table_id = pabulib_services.import_pabulib(unit_of_work(app), organiser_id=organiser, text=text)
    exported = pabulib_services.export_pabulib(unit_of_work(app), table_id=table_id)
    again = read_pb(exported)
    assert len(again.projects) == len(read_pb(text).projects) and len(again.ballots) == len(read_pb(text).ballots)


def test_the_command_line_imports_and_allocates(app, organiser):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-pb", str(FIXTURES / FILES[0])])
    assert result.exit_code == 0, result.output
    table_id = int(result.output.strip())
    lines = runner.invoke(args=["allocate", str(table_id), "--rule", "greedy"]).output.strip().splitlines()
    assert lines and all("\t€" in line for line in lines)


def test_a_malformed_file_is_refused_naming_the_line_and_nothing_is_stored(app, organiser, tmp_path):
    broken = tmp_path / "broken.pb"
    broken.write_text("META\nkey;value\nbudget;1000\nvote_type;approval\nnum_projects;1\nnum_votes;1\n"
                      "PROJECTS\nproject_id;cost\n1;100\nVOTES\nvoter_id;vote\n1\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-pb", str(broken)])
    assert result.exit_code != 0 and "line 12" in result.output
    assert round_services.rounds_of(unit_of_work(app), organiser) == []
