"""Issue 16, findings 6, 7, 11 and 12 (invisible text): every export is safe to open,
one input rule refuses what the Word minutes cannot hold on every way in, and anonymous
minutes name nobody's ballot."""
import csv
import io
import json
import re
import uuid
import zipfile
from datetime import date

import pytest
from docx import Document
from sqlmodel import select

from facilitator import unit_of_work
from facilitator import demo
from sessions import account_services, round_services, table_services
from sessions.commands import ReopenTable, SetPhase, SubmitArgument
from sessions.errors import DomainError
from sessions.arguments import Argument
from tests.integration.test_http import PASSWORD, post, text

FORMULAS = {
    "option": '=HYPERLINK("http://example.invalid/?"&A1,"klik")',
    "description": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3 is te duur",
    "argument": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "=1+1 is geen bezwaar",
    "paper": "@Kaart 1",
}


def hostile_spec() -> dict:
    """The demo's first table with formulas where people type text."""
    spec = json.loads(json.dumps(demo.TABLES[0]))
    title, _description, cost, arguments = spec["options"][0]
    spec["options"][0] = (FORMULAS["option"], FORMULAS["description"], cost,
                          [*arguments, ("voor", FORMULAS["argument"]), ("tegen", FORMULAS["minus"])])
    spec["paper"] = [(FORMULAS["paper"], [0, 1])]
    spec["consensus"][0][2][4] = FORMULAS["reason"]
    return spec


@pytest.fixture
def organiser_id(app, client):
    token = account_services.issue_setup_token(unit_of_work(app))
    assert post(client, f"/setup/{token}", {"email": "org@example.nl", "password": PASSWORD,
                                            "confirm": PASSWORD}).status_code == 302
    return account_services.organiser_id_for_cli(unit_of_work(app), email="org@example.nl")


@pytest.fixture
def hostile_table(app, organiser_id):
    budget_round = round_services.create_round(unit_of_work(app), organiser_id=organiser_id, name="Ronde",
                                         neighbourhood="Noord", budget_cents=50_000_00,
                                         starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31))
    from datetime import datetime, timezone
    table = demo._finished_table(unit_of_work(app), organiser_id, budget_round["id"], hostile_spec(),
                                 datetime(2026, 11, 20, 18, tzinfo=timezone.utc))
    table = round_services.table_for_organiser(unit_of_work(app), organiser_id=organiser_id, table_id=table["id"])
    return {**table, "round_id": budget_round["id"]}


def csv_cells(body: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}


# -- 6: formula injection -------------------------------------------------------------

def test_no_cell_of_any_csv_starts_a_formula_and_the_text_stays_readable(client, hostile_table):
    for url in (f"/organiser/tables/{hostile_table['id']}/minutes?format=csv&names=y",
                f"/organiser/rounds/{hostile_table['round_id']}/minutes?format=csv",
                f"/console/{hostile_table['facilitator_token']}/minutes?format=csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        tables = csv_cells(response.data)
        cells = [cell for rows in tables.values() for row in rows for cell in row]
        assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == [], url
        # Neutralised with a leading apostrophe (OWASP), the words themselves kept.
        for name, typed in FORMULAS.items():
            if name == "paper":  # inside the voter's cell, after "paper 1 (", so no formula
                continue
            assert "'" + typed in cells, (url, name)
    # Numbers stay numbers: a cost is not turned into text.
    options = csv_cells(client.get(f"/organiser/tables/{hostile_table['id']}/minutes?format=csv").data)["options.csv"]
    assert all(row[5].isdigit() for row in options[1:])


# -- 7: one rule for all text; the Word writer never sees what XML cannot hold --------

@pytest.mark.parametrize("bad", ["hallo\x01wereld", "nul\x00teken", "bel\x07", "esc\x1b[31m", "\ufffe", "x\uffff"])
def test_a_phone_sending_control_characters_is_refused_and_nothing_is_stored(app, client, socket_client, hostile_table, bad):
    table_id = hostile_table["id"]
    table_services.reopen_table(unit_of_work(app), ReopenTable(), table_id=table_id)
    table_services.set_phase(unit_of_work(app), SetPhase(phase="inbreng"), table_id=table_id)
    phone = app.test_client()
    assert post(phone, f"/t/{hostile_table['join_code']}", {"display_name": ""}).status_code == 302
    sock = socket_client(phone, table_id=table_id, role="phone")
    assert sock.is_connected(), sock.get_received()
    ack = sock.emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": bad}, callback=True)
    assert ack["ok"] is False and ack["error"] in ("invalid_characters", "invalid_payload"), ack
    assert ack["message"]  # explained, in the page's language
    with unit_of_work(app) as uow:
        assert not [a for a in uow.session.exec(select(Argument.text)).all() if bad in a]


@pytest.mark.parametrize("bad", ["Anne\x00ke", "Bram\x01", "Chai\x1fmae", "\u200b\u200b", "\u2800", "\ufeff \u200d"])
def test_the_join_form_refuses_control_and_invisible_only_names_with_a_clear_message(app, hostile_table, bad):
    table_services.reopen_table(unit_of_work(app), ReopenTable(), table_id=hostile_table["id"])
    phone = app.test_client()
    response = post(phone, f"/t/{hostile_table['join_code']}", {"display_name": bad})
    if bad.strip("\u200b\u2800\ufeff\u200d "):  # has visible text with a control character in it
        assert response.status_code == 400
        assert "stuurtekens" in text(response)
    else:  # only invisible characters: the same as no name, which is allowed
        assert response.status_code == 302
    with unit_of_work(app) as uow:
        from sessions.models import Participant
        names = uow.session.exec(select(Participant.display_name)).all()
    assert bad not in names and all(n is None or n.strip("\u200b\u2800\ufeff\u200d ") for n in names)


def test_an_argument_of_only_invisible_characters_is_refused():
    for blank in ("\u200b\u200b\u200b", " \u2060\u00a0\u3000", "\u3164", "\u2800\n\u200e"):
        with pytest.raises(DomainError) as refused:
            SubmitArgument(client_id=str(uuid.uuid4()), stance="idee", text=blank)
        assert refused.value.code == "argument_text_required"


def test_word_minutes_download_even_when_stored_text_holds_control_characters(app, client, hostile_table):
    # Text stored before the rule (or by any way around it): the writer strips what XML cannot hold.
    with unit_of_work(app) as uow:
        argument = uow.session.exec(select(Argument).where(Argument.table_id == hostile_table["id"])).first()
        argument.text = "hallo\x01wereld\x0b\ufffe"
        uow.session.add(argument)
        uow.commit()
    for url in (f"/organiser/tables/{hostile_table['id']}/minutes?format=docx",
                f"/organiser/rounds/{hostile_table['round_id']}/minutes?format=docx",
                f"/console/{hostile_table['facilitator_token']}/minutes?format=docx"):
        response = client.get(url)
        assert response.status_code == 200, url
        words = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
        assert "hallowereld" in words, url


# -- 11: anonymous minutes name nobody's ballot; the wall numbers no author -----------

def test_anonymous_minutes_list_no_ballot_by_participant(client, hostile_table):
    console = f"/console/{hostile_table['facilitator_token']}/minutes"
    record = client.get(console + "?format=json").get_json()
    for ballot_round in record["ballot_rounds"]:
        assert all("participant_number" not in b for b in ballot_round["ballots"])
        digital = [b for b in ballot_round["ballots"] if "ballot" in b]
        assert len(digital) == ballot_round["turnout"] - ballot_round["paper"]
        # Numbered in an order of what they say, not of who voted or when.
        assert digital == sorted(digital, key=lambda b: json.dumps({"approved": b["approved"], "points": b["points"]},
                                                                   sort_keys=True))
    ballots = csv_cells(client.get(console + "?format=csv").data)["ballots.csv"]
    assert ballots[1:] and not [row for row in ballots[1:] if row[3].startswith("participant")]
    # The organiser who asks for names still sees whose ballot is whose.
    named = client.get(f"/organiser/tables/{hostile_table['id']}/minutes?format=json&names=y").get_json()
    assert all("participant_number" in b for b in named["ballot_rounds"][0]["ballots"] if "paper" not in b)


def test_the_walls_minutes_number_no_author(app, hostile_table):
    wall = app.test_client().get(f"/wall/{hostile_table['wall_token']}/minutes.json").get_json()
    words = json.dumps(wall["blocks"], ensure_ascii=False)
    assert re.search(r"Deelnemer \d", words) is None
    assert FORMULAS["argument"] in words  # the arguments themselves are there
