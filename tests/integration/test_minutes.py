"""The minutes of the demo round in every format, closing a table, and erasing a
round's personal data — on SQLite and on PostgreSQL."""
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, text

from facilitator import create_app, demo, unit_of_work
from facilitator.minutes_render import FORMATS, render_minutes
from sessions import (
    account_services, argument_services, commands, minutes, privacy_services, round_services, table_services,
)
from sessions.clock import utcnow
from sessions.errors import DomainError
from tests.support.minutes_check import (
    Expected, check_csv_zip, check_document, check_final_allocation_in_document, check_json, check_pb,
    check_pictures_in_document, text_of,
)


def expected_of(spec: dict, funded_indexes: list[int]) -> Expected:
    """What the demo put in, read from its own input, not from the minutes."""
    options = {title: cost * 100 for title, _d, cost, _a in spec["options"]}
    titles = list(options)
    return Expected(
        arguments=[t for *_o, arguments in spec["options"] for _s, t in arguments] + [t for _s, t in spec["loose"]],
        options=options, funded=[titles[i] for i in funded_indexes], hidden=[spec["hidden"][1]],
        names=[n for n in spec["names"] if n], ballots=len(spec["ballots"]) + len(spec["paper"]),
        # The demo tables agree their frame in a second proposal, after an objection.
        frame_objections=[demo.FRAME_OBJECTION], frame_agreed_in=2, pb_rule="equalshares")


@pytest.fixture
def demo_app(database_url, tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database_url, "TESTING": True})
    with app.app_context():
        organiser = account_services.create_organiser(unit_of_work(app), email="org@example.nl",
                                              password="lang genoeg wachtwoord")
        created = demo.create_demo_round(unit_of_work(app), organiser_id=organiser, today=date(2026, 11, 27))
    yield app, organiser, created
    app.extensions["engine"].dispose()


def table_record(app, table_id, **options):
    return minutes.table_minutes(unit_of_work(app), table_id=table_id, now=utcnow(), **options)


def test_every_format_of_the_demo_minutes_holds_what_the_tables_said_and_nothing_hidden(demo_app):
    app, _organiser, created = demo_app
    for spec, table in zip(demo.TABLES, created["tables"]):
        # Both demo tables end with their last proposal decided: the options of that proposal.
        expected = expected_of(spec, spec["consensus"][-1][0])
        record = table_record(app, table["id"])
        assert record["draft"] is False and record["decision"]["outcome"] in ("consensus", "consent_with_reservations")
        with app.test_request_context():
            rendered = {fmt: render_minutes(record, fmt, language="nl") for fmt in FORMATS}
        for fmt in ("pdf", "docx", "md", "html"):
            check_document(fmt, rendered[fmt].body, expected)
            check_final_allocation_in_document(fmt, rendered[fmt].body, expected)
        check_csv_zip(rendered["csv"].body, expected)
        check_json(rendered["json"].body, expected)
        check_pb(rendered["pb"].body, expected)
        assert rendered["pdf"].body.startswith(b"%PDF") and rendered["pdf"].mimetype == "application/pdf"


def test_the_minutes_carry_the_budget_bar_and_the_consensus_tally_in_every_document(demo_app):
    app, _organiser, created = demo_app
    spec, table = demo.TABLES[0], created["tables"][0]
    expected = expected_of(spec, spec["consensus"][-1][0])
    record = table_record(app, table["id"])
    with app.test_request_context():
        for fmt in ("pdf", "docx", "md", "html"):
            check_pictures_in_document(fmt, render_minutes(record, fmt, language="nl").body, expected,
                                       budget_cents=record["round"]["budget_cents"])


def test_the_minutes_speak_english_when_asked_and_name_people_only_when_asked(demo_app):
    app, _organiser, created = demo_app
    table_id = created["tables"][0]["id"]
    with app.test_request_context():
        english = text_of("md", render_minutes(table_record(app, table_id), "md", language="en").body)
        named = text_of("md", render_minutes(table_record(app, table_id, with_names=True), "md", language="nl").body)
    assert "Arguments by option" in english and "Final allocation" in english and "Argumenten per optie" not in english
    assert "€ 18,000" in english  # English number format
    assert "Deelnemer 1: Anneke" in named


def test_objections_and_their_reasons_are_in_the_minutes_but_never_who_gave_them(demo_app):
    app, _organiser, created = demo_app
    record = table_record(app, created["tables"][0]["id"])
    first = record["consensus_rounds"][0]
    assert first["outcome"] == "no_consensus" and first["tally"]["5"] == 1
    assert first["signals"][-1] == {"level": 5, "reason": demo.TABLES[0]["consensus"][0][2][4]}
    assert all(set(signal) == {"level", "reason"} for r in record["consensus_rounds"] for signal in r["signals"])
    with app.test_request_context():
        markdown = render_minutes(record, "md", language="nl").body.decode()
    assert "Bezwaren en hun redenen:" in markdown and demo.TABLES[0]["consensus"][0][2][4] in markdown


def test_round_minutes_put_the_decisions_side_by_side_against_the_budget(demo_app):
    app, organiser, created = demo_app
    record = minutes.round_minutes(unit_of_work(app), round_id=created["round_id"], organiser_id=organiser,
                                   now=utcnow())
    decided = sum(t["decision"]["total_cost_cents"] for t in record["tables"])
    assert record["summary"]["decided_total_cents"] == decided
    assert record["summary"]["left_cents"] == demo.ROUND["budget_cents"] - decided
    with app.test_request_context():
        text = text_of("pdf", render_minutes(record, "pdf", language="nl").body)
        pb_zip = render_minutes(record, "pb", language="nl")
    assert "De besluiten van de tafels naast elkaar" in text
    for spec in demo.TABLES:
        assert f"Verslag: {spec['title']}" in text
    assert pb_zip.filename.endswith(".zip")


def test_a_closed_table_refuses_every_change_until_it_is_reopened(demo_app):
    app, _organiser, created = demo_app
    table_id = created["tables"][0]["id"]
    uow = unit_of_work(app)
    seq = table_services.snapshot(uow, table_id=table_id, for_console=True)["seq"]
    for change, code in (
            (lambda: table_services.set_phase(uow, commands.SetPhase(phase="besluiten"), table_id=table_id), "table_closed"),
            # the timer says why in its own words: it stands still because the table is closed
            (lambda: table_services.reset_timer(uow, commands.ResetTimer(duration_s=60), table_id=table_id),
             "timer_table_closed"),
            (lambda: table_services.close_table(uow, commands.CloseTable(), table_id=table_id), "table_closed")):
        with pytest.raises(DomainError) as refused:
            change()
        assert refused.value.code == code
    with pytest.raises(DomainError):  # Afgerond takes no arguments anyway
        argument_services.submit_argument(uow, commands.SubmitArgument(client_id="0b6f7c1e-5d7a-4c0e-9a55-1f2e3d4c5b6a", stance="idee", text="Te laat"), table_id=table_id, participant_id=None)
    assert table_services.snapshot(uow, table_id=table_id, for_console=True)["seq"] == seq
    table_services.reopen_table(uow, commands.ReopenTable(), table_id=table_id)
    assert table_record(app, table_id)["draft"] is True
    table_services.set_phase(uow, commands.SetPhase(phase="besluiten"), table_id=table_id)
    with pytest.raises(DomainError) as refused:
        table_services.close_table(uow, commands.CloseTable(), table_id=table_id)
    assert refused.value.code == "close_only_when_finished"


def test_erasing_a_round_removes_every_name_and_seat_but_keeps_the_anonymous_minutes(demo_app, database_url):
    app, organiser, created = demo_app
    table_ids = [t["id"] for t in created["tables"]]
    before = {table_id: table_record(app, table_id) for table_id in table_ids}
    seat = table_services.snapshot(unit_of_work(app), table_id=table_ids[0], for_console=True)["participants"][0]["id"]
    assert round_services.participant_belongs_to(unit_of_work(app), table_id=table_ids[0], participant_id=seat)
    old_links = {t: round_services.table_for_organiser(unit_of_work(app), organiser_id=organiser, table_id=t)
                 for t in table_ids}

    erased = privacy_services.erase_round_personal_data(unit_of_work(app), organiser_id=organiser,
                                                        round_id=created["round_id"])

    assert erased == sum(len(spec["names"]) for spec in demo.TABLES)
    names = [n for spec in demo.TABLES for n in spec["names"] if n] + [s["facilitator"] for s in demo.TABLES] \
        + [label for spec in demo.TABLES for label, _choice in spec["paper"]]
    dump = _every_text_in_the_database(app)
    for name in names:
        assert name not in dump, f"{name} is still in the database"
    assert not round_services.participant_belongs_to(unit_of_work(app), table_id=table_ids[0], participant_id=seat)
    for table_id in table_ids:
        after = table_record(app, table_id)
        assert after["arguments"] == before[table_id]["arguments"]
        assert after["decision"] == before[table_id]["decision"]
        assert after["round"]["erased_at"] is not None
        assert round_services.table_by_facilitator_token(unit_of_work(app), old_links[table_id]["facilitator_token"]) is None
        assert round_services.table_by_wall_token(unit_of_work(app), old_links[table_id]["wall_token"]) is None
    with app.test_request_context():
        named = render_minutes(table_record(app, table_ids[0], with_names=True), "md", language="nl").body.decode()
    assert "Anneke" not in named and "Deelnemer 1" in named


def _every_text_in_the_database(app) -> str:
    engine = app.extensions["engine"]
    found = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                found += [str(value) for value in row if value is not None]
    return "\n".join(found)


def test_a_round_past_its_retention_date_is_erased_by_itself_and_only_then(demo_app):
    app, organiser, created = demo_app
    round_id = created["round_id"]
    ends_on = date(2026, 11, 27) + timedelta(days=14)
    with pytest.raises(DomainError) as refused:
        privacy_services.set_retention(unit_of_work(app), organiser_id=organiser, round_id=round_id,
                                       retention_until=ends_on - timedelta(days=1))
    assert refused.value.code == "retention_before_round_ends"
    privacy_services.set_retention(unit_of_work(app), organiser_id=organiser, round_id=round_id,
                                   retention_until=ends_on + timedelta(days=30))
    assert privacy_services.erase_expired_rounds(unit_of_work(app), today=ends_on + timedelta(days=30)) == []
    assert "Anneke" in _every_text_in_the_database(app)
    assert privacy_services.erase_expired_rounds(unit_of_work(app), today=ends_on + timedelta(days=31)) == [round_id]
    assert "Anneke" not in _every_text_in_the_database(app)
    assert privacy_services.erase_expired_rounds(unit_of_work(app), today=ends_on + timedelta(days=32)) == []


def test_the_command_line_makes_the_demo_and_writes_every_format(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                      "TESTING": True})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Organiser demo@example.org created with password" in result.output
    table_ids = [int(line.split()[1].rstrip(":")) for line in result.output.splitlines() if line.startswith("Table ")]
    assert len(table_ids) == 2
    expected = expected_of(demo.TABLES[1], demo.TABLES[1]["consensus"][-1][0])
    for fmt in FORMATS:
        out = tmp_path / f"minutes.{fmt}"
        result = runner.invoke(args=["export-minutes", str(table_ids[1]), "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == str(out)
        body = out.read_bytes()
        if fmt in ("pdf", "docx", "md", "html"):
            check_document(fmt, body, expected)
    check_csv_zip((tmp_path / "minutes.csv").read_bytes(), expected)
    check_json((tmp_path / "minutes.json").read_bytes(), expected)
    check_pb((tmp_path / "minutes.pb").read_bytes(), expected)
    result = runner.invoke(args=["export-minutes", "999", "--format", "md"])
    assert result.exit_code != 0 and "No table 999" in result.output
    app.extensions["engine"].dispose()
