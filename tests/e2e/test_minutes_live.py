"""A table run through a real server process — named phones, a hidden argument, an
argument that looks like HTML, two consensus rounds — then its minutes in every format
over HTTP, the table closed from the console, and the round's personal data erased."""
import re
import sqlite3
import uuid

from tests.support.clients import RecordingClient
from tests.support.minutes_check import (
    Expected, check_csv_zip, check_document, check_final_allocation_in_document, check_json, check_pb,
)
from tests.support.web import join_as_phone, open_link, post_form

NAMES = ("Sanne Visser", "Youssef Amrani", "Petra de Boer", "Wim Jansen")
OPTIONS = {"Speeltuin": 8000, "Bomen": 3000, "Bankjes": 2000}
SAID = {
    "Speeltuin": [("voor", "Kinderen hebben nu geen plek om te spelen."),
                  ("tegen", "<img src=x onerror=alert(1)> is geen argument, maar staat hier letterlijk.")],
    "Bomen": [("voor", "Schaduw in de zomer.")],
    "Bankjes": [("idee", "Bankjes bij de bushalte & bij de school.")],
}
HIDDEN = "Mijn buurman Wim Jansen is een oplichter."


def test_a_live_table_gets_minutes_in_every_format_closes_and_forgets_its_people(server, organiser):
    round_url = organiser.create_round(name="Buurtbudget Zuid")
    table = organiser.create_table(round_url, title="Zuid: spelen en groen")
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    seats = [join_as_phone(table, name) for name in NAMES]
    phones = [RecordingClient(server.url, seat, table_id=table["id"], role="phone").connect() for seat in seats]
    console.wait_for("snapshot")

    console.emit("set_phase", {"phase": "inbreng"})
    argument_ids = {}
    for n, (option, said) in enumerate(SAID.items()):
        argument_ids[option] = [phones[(n + m) % len(phones)].emit(
            "submit_argument", {"client_id": str(uuid.uuid4()), "stance": stance, "text": text})["argument_id"]
            for m, (stance, text) in enumerate(said)]
    hidden = phones[0].emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "tegen", "text": HIDDEN})
    assert console.emit("hide_argument", {"argument_id": hidden["argument_id"], "reason": "Noemt een naam"})["ok"]

    console.emit("set_phase", {"phase": "ordenen"})
    option_ids = {}
    for title, euros in OPTIONS.items():
        cluster = console.emit("create_cluster", {"name": title, "argument_ids": argument_ids[title]})
        option_ids[title] = console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title,
                                                          "cost_euros": euros})["option_id"]
    console.emit("set_phase", {"phase": "afwegen"})
    for phone in phones:
        assert phone.emit("react", {"argument_id": argument_ids["Bomen"][0], "value": "agree"})["ok"]

    console.emit("set_phase", {"phase": "verdelen"})
    assert console.emit("open_ballot_round")["ok"]
    for phone, chosen in zip(phones, (["Speeltuin", "Bomen"], ["Bomen", "Bankjes"], ["Speeltuin"], ["Bomen"])):
        assert phone.emit("cast_ballot", {"approved": [option_ids[t] for t in chosen]})["ok"]
    assert console.emit("close_ballot_round")["ok"]

    console.emit("set_phase", {"phase": "besluiten"})
    assert console.emit("propose", {"option_ids": [option_ids["Speeltuin"], option_ids["Bomen"]]})["ok"]
    for n, phone in enumerate(phones):
        assert phone.emit("give_signal", {"level": 5, "reason": "Te weinig groen"} if n == 0 else {"level": 1})["ok"]
    assert console.emit("close_consensus_round")["ok"]
    funded = ["Bomen", "Bankjes"]
    assert console.emit("propose", {"option_ids": [option_ids[t] for t in funded]})["ok"]
    for phone in phones:
        assert phone.emit("give_signal", {"level": 1})["ok"]
    assert console.emit("close_consensus_round")["ok"]
    assert console.emit("record_decision")["ok"]

    # Afgerond: the wall shows the draft; the console confirms it and the table is closed.
    assert console.emit("close_table")["error"] == "close_only_when_finished"
    console.emit("set_phase", {"phase": "afgerond"})
    wall = open_link(table["wall"])
    draft = wall.get(table["wall"] + "/minutes.json").json()
    assert draft["draft"] is True and draft["heading"].startswith("Conceptverslag")
    assert console.emit("close_table")["ok"]
    assert phones[1].wait_for("table_closed")["closed"] is True
    late = console.emit("set_phase", {"phase": "besluiten"})
    assert late["ok"] is False and late["error"] == "table_closed"
    assert wall.get(table["wall"] + "/minutes.json").json()["draft"] is False

    expected = Expected(arguments=[t for said in SAID.values() for _s, t in said], options={
        title: euros * 100 for title, euros in OPTIONS.items()}, funded=funded, hidden=[HIDDEN],
        names=list(NAMES), ballots=len(phones))
    minutes_url = table["page"] + "/minutes"
    bodies = {}
    for fmt in ("pdf", "docx", "md", "html", "csv", "json", "pb"):
        response = organiser.http.get(minutes_url, params={"format": fmt, "language": "nl"})
        assert response.status_code == 200, (fmt, response.text[:300])
        bodies[fmt] = response.content
    for fmt in ("pdf", "docx", "md", "html"):
        check_document(fmt, bodies[fmt], expected)
        check_final_allocation_in_document(fmt, bodies[fmt], expected)
    check_csv_zip(bodies["csv"], expected)
    record = check_json(bodies["json"], expected)
    check_pb(bodies["pb"], expected)
    # The argument that looks like HTML is text in the HTML minutes, never markup.
    assert b"<img src=x" not in bodies["html"] and b"&lt;img src=x onerror=alert(1)&gt;" in bodies["html"]
    assert b"<img" not in bodies["md"] and b"&lt;img src=x onerror=alert(1)&gt;" in bodies["md"]
    assert [s["reason"] for s in record["consensus_rounds"][0]["signals"] if s["level"] == 5] == ["Te weinig groen"]
    named = organiser.http.get(minutes_url, params={"format": "md", "names": "y"}).text
    assert all(name in named for name in NAMES)

    # Erasing the round: the minutes stay, no name is left in the database, the seats end.
    response = post_form(organiser.http, round_url + "/erase", {"confirm": "y"}, form_page=round_url)
    assert response.status_code == 200 and "zijn gewist" in response.text
    after = organiser.http.get(minutes_url, params={"format": "json", "names": "y"})
    check_json(after.content, expected)
    database = sqlite3.connect(server.instance_path / "buurttafel.db")
    dump = "\n".join(str(value) for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
                     for row in database.execute(f'SELECT * FROM "{name}"') for value in row)
    database.close()
    for name in NAMES:  # also the hidden argument that named someone is gone
        assert not re.search(re.escape(name), dump), f"{name} is still stored"
    assert "data-live" not in seats[0].get(table["join"]).text  # the phone's seat ended: a join form again


def test_a_round_past_its_retention_date_is_erased_when_the_server_starts(server, organiser):
    round_url = organiser.create_round(name="Oude ronde")
    table = organiser.create_table(round_url)
    join_as_phone(table, "Gerrit Hendriks")
    database = sqlite3.connect(server.instance_path / "buurttafel.db")
    with database:  # the retention date passed while the server was down
        database.execute("UPDATE budget_round SET retention_until = '2020-01-01', ends_on = '2019-12-31'")
    assert database.execute("SELECT count(*) FROM participant WHERE display_name IS NOT NULL").fetchone()[0] == 1
    server.restart()
    assert database.execute("SELECT count(*) FROM participant WHERE display_name IS NOT NULL").fetchone()[0] == 0
    assert database.execute("SELECT erased_at IS NOT NULL FROM budget_round").fetchone()[0] == 1
    database.close()
    assert "zijn gewist op" in organiser.http.get(round_url).text
