"""The plenary vote of a round through a real server process: three tables that each agree
their frame by consent (one objection, one amendment), a round ballot
built with the organiser's forms (two tables' options merged, one option left out with a
reason), 60 phones across the tables and 6 paper ballots, one person trying to vote twice
(through their own table and through another table where the same browser sits), closing,
the round decision, the .pb export read back against the live tally, the round minutes in
every format against the live result, and the public page with the decision, nobody's name
and a status update."""
import csv
import io
import json
import re
import uuid
import zipfile
from html import unescape

from sessions.pabulib import read_pb
import requests

from tests.support.clients import RecordingClient
from tests.support.frame_consent import OBJECTION, agree_frame_with_one_objection
from tests.support.minutes_check import euro_text, normalise, text_of
from tests.support.web import csrf_token, join_as_phone, open_link, post_form

TABLES = {
    "Noord": (("Speeltuin", 8000), ("Bomen", 3000)),
    "Zuid": (("Speelplek", 7000), ("Bankjes", 2000)),
    "Oost": (("Moestuin", 4000), ("Kunstwerk", 15000)),
}
PHONES_PER_TABLE = 20
TABLE_FRAME = {"goals": "Een buurt waar kinderen buiten spelen", "roles": "De gespreksleider leidt",
               "conditions": "Eenmalige kosten.", "ballot_form": "kiezen", "rule": "mes", "consensus_rule": "consent"}
# What the phones choose, in turn (titles of round options; each fits € 20.000).
CHOICES = (("Speelplaats", "Bomen"), ("Bomen", "Bankjes", "Moestuin"), ("Speelplaats", "Moestuin"), ("Moestuin",),
           ("Speelplaats", "Bankjes", "Bomen"))


def round_options(page: str) -> dict[str, int]:
    """The round ballot's options as the organiser's page shows them: title -> id."""
    found = re.findall(r'name="merge" value="(\d+)" form="merge-form">\s*<span class="plenary-option-title">([^<]+)<',
                       page)
    return {unescape(title): int(option_id) for option_id, title in found}


def test_sixty_phones_and_six_paper_ballots_vote_once_each_in_the_plenary_of_three_tables(server, organiser):
    round_url = organiser.create_round(name="Buurtbudget Noord", budget="20.000")
    organiser.frame_round(round_url, combination="plenary")
    round_id = int(round_url.rstrip("/").rsplit("/", 1)[1])
    tables = {title: organiser.create_table(round_url, title=title) for title in TABLES}
    # Phones join their tables; one browser sits at Noord and at Zuid.
    sessions = {title: [join_as_phone(table) for _ in range(PHONES_PER_TABLE)] for title, table in tables.items()}
    twice = sessions["Noord"][0]
    assert post_form(twice, tables["Zuid"]["join"], {"display_name": ""}).status_code == 200
    phones = [(title, RecordingClient(server.url, s, table_id=tables[title]["id"], role="phone").connect())
              for title, seated in sessions.items() for s in seated]
    consoles = {}
    for title, table in tables.items():
        console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        console.wait_for("snapshot")
        consoles[title] = console
        # Each table first agrees its frame: one objection, one amendment.
        agree_frame_with_one_objection(console, [phone for at, phone in phones if at == title], TABLE_FRAME)
        assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
        for option_title, euros in TABLES[title]:
            argument = console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor",
                                                         "text": f"Graag {option_title.lower()}"})
            cluster = console.emit("create_cluster", {"name": option_title, "argument_ids": [argument["argument_id"]]})
            assert console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": option_title,
                                                "cost_euros": euros})["ok"]

    # The organiser builds the round ballot with the page's forms.
    builder = f"{round_url}/plenary"
    http = organiser.http
    assert "/plenary" in post_form(http, f"{builder}/take-in", {}, form_page=builder).url
    ids = round_options(http.get(builder).text)
    assert set(ids) == {t for options in TABLES.values() for t, _ in options}
    merged = post_form(http, f"{builder}/merge", {"merge": [ids["Speeltuin"], ids["Speelplek"]],
                                                  "title": "Speelplaats", "cost": "12.000"}, form_page=builder)
    assert merged.status_code == 200 and "Speelplaats" in merged.text
    left = post_form(http, f"{builder}/options/{ids['Kunstwerk']}/leave-out",
                     {f"leave-{ids['Kunstwerk']}-reason": "Te duur voor één buurt"}, form_page=builder)
    assert left.status_code == 200
    page = http.get(builder).text
    ids = round_options(page)
    assert set(ids) == {"Speelplaats", "Bomen", "Bankjes", "Moestuin"}
    assert "Te duur voor één buurt" in page
    # The merged option keeps both tables' options, and their arguments, as its sources.
    (merged_item,) = [item for item in page.split('<li class="plenary-option">') if "Speelplaats" in item]
    assert "Noord: Speeltuin" in merged_item and "Zuid: Speelplek" in merged_item
    assert "Graag speeltuin" in merged_item and "Graag speelplek" in merged_item


    assert post_form(http, f"{builder}/open", {"ballot_form": "kiezen"}, form_page=builder).status_code == 200
    wall_url = re.search(r'href="([^"]*/round-wall/[^"]+)"', http.get(builder).text).group(1)
    wall = RecordingClient(server.url, open_link(wall_url), table_id=0, role="round_wall")
    wall.auth = {"round": round_id, "role": "round_wall"}
    wall.connect()
    wall.wait_for("round_vote_changed", lambda e: e["open"])

    for n, (title, phone) in enumerate(phones):
        phone.wait_for("round_vote_changed", lambda e: e["open"], timeout=20)
        approved = [ids[t] for t in CHOICES[n % len(CHOICES)]]
        ack = phone.emit("cast_round_vote", {"approved": approved})
        assert ack["ok"] and ack["round_vote"] == {"approved": sorted(approved)}, ack
    # The same person again: through their own table, and through the other table they sit at.
    noord_socket = phones[0][1]
    assert noord_socket.emit("cast_round_vote", {"approved": [ids["Bomen"]]})["error"] == "round_vote_already_cast"
    zuid_socket = RecordingClient(server.url, twice, table_id=tables["Zuid"]["id"], role="phone").connect()
    assert zuid_socket.wait_for("round_vote_changed")["you_voted"] is True
    assert zuid_socket.emit("cast_round_vote", {"approved": [ids["Bomen"]]})["error"] == "round_vote_already_cast"
    for n, console in enumerate(consoles.values()):
        for card in (1, 2):
            ack = console.emit("cast_round_paper_vote", {"paper_label": f"Kaart {card}",
                                                         "approved": [ids[t] for t in CHOICES[(n + card) % 5]]})
            assert ack["ok"], ack
    assert consoles["Oost"].emit("cast_round_paper_vote", {"paper_label": "kaart 1", "approved": []})["error"] \
        == "round_paper_label_used"

    live = wall.wait_for("round_vote_changed", lambda e: e["turnout"]["voters"] == 66, timeout=20)
    # 61 seats, but the person at Noord and Zuid is one participant: 60 people and 6 on paper.
    assert live["turnout"] == {"voters": 66, "on_paper": 6, "participants": 60 + 6}
    expected = {str(option_id): 0 for option_id in ids.values()}
    for n in range(60):
        for t in CHOICES[n % 5]:
            expected[str(ids[t])] += 1
    for n in range(3):
        for card in (1, 2):
            for t in CHOICES[(n + card) % 5]:
                expected[str(ids[t])] += 1
    assert live["tally"] == expected
    # 66 votes, but the round's room hears at most one change every half second (the newest).
    heard = [at for (name, _), at in zip(list(wall.received), list(wall.received_at)) if name == "round_vote_changed"]
    assert len(heard) <= (heard[-1] - heard[0]) / 0.5 + 3, (len(heard), heard[-1] - heard[0])

    # Close (counted off the server's loop), and record the round decision as computed.
    closed = post_form(http, f"{builder}/close", {}, form_page=builder)
    assert closed.status_code == 200
    result = wall.wait_for("round_vote_changed", lambda e: e["state"] == "closed" and "funded" in e, timeout=30)
    assert result["rule"] == "mes" and result["tally"] == expected
    costs = {o["id"]: o["cost_cents"] for o in result["options"]}
    assert sum(costs[i] for i in result["funded"]) <= 2_000_000
    assert phones[5][1].emit("cast_round_vote", {"approved": [ids["Bomen"]]})["error"] == "round_vote_not_open"
    over = post_form(http, f"{builder}/decision", {"funded": list(costs)}, form_page=builder)
    assert over.status_code == 400 and "budget van de ronde" in over.text
    decided = post_form(http, f"{builder}/decision", {"funded": result["funded"]}, form_page=builder)
    assert decided.status_code == 200
    decision = wall.wait_for("round_vote_changed", lambda e: e["decision"] is not None)["decision"]
    assert decision["funded"] == sorted(result["funded"]) and decision["total_cost_cents"] <= 2_000_000

    # The .pb holds every vote of the round, and agrees with the live tally.
    exported = http.get(f"{round_url}/plenary.pb")
    assert exported.status_code == 200
    pb = read_pb(exported.text)
    assert len(pb.ballots) == 66 and {o.id for o in pb.options} == set(ids.values())
    counted = {str(option_id): 0 for option_id in ids.values()}
    for ballot in pb.ballots:
        for option_id in ballot.supported():
            counted[str(option_id)] += 1
    assert counted == live["tally"]
    assert csrf_token(http.get(builder).text)  # the page still renders after everything

    # The round minutes, in every format, tell the joint vote as it went live.
    titles = {o["id"]: o["title"] for o in result["options"]}
    total = decision["total_cost_cents"]
    bodies = {}
    for fmt in ("pdf", "docx", "md", "html", "csv", "json"):
        got = http.get(f"{round_url}/minutes", params={"format": fmt, "language": "nl"})
        assert got.status_code == 200, (fmt, got.text[:300])
        bodies[fmt] = got.content
    for fmt in ("pdf", "docx", "md", "html"):
        text = text_of(fmt, bodies[fmt])
        for words in ("Gezamenlijke stemming: de opties van de tafels gaan naar één stemming",
                      "66 van de 66 deelnemers hebben gestemd, 6 van hen op papier.",
                      "Kunstwerk (Oost, € 15.000): Te duur voor één buurt",
                      f"De verdeling van de ronde: {euro_text(total)} van het rondebudget van € 20.000"):
            assert normalise(words) in text, (fmt, words)
        for option_id in decision["funded"]:
            assert titles[option_id] in text, (fmt, titles[option_id])
        assert text.count(normalise(OBJECTION)) >= len(TABLES), fmt  # each table's refused first frame
    record = json.loads(bodies["json"])
    assert record["joint_vote"]["tally"] == live["tally"] and record["joint_vote"]["decision"] == decision
    assert record["combination"]["total_cents"] == total <= 2_000_000
    with zipfile.ZipFile(io.BytesIO(bodies["csv"])) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("round_joint_vote.csv").decode("utf-8-sig"))))
    assert {int(r["round_option_id"]): int(r["support"]) for r in rows} == {int(k): v for k, v in live["tally"].items()}
    assert {int(r["round_option_id"]) for r in rows if r["funded"] == "1"} == set(decision["funded"])

    # The neighbourhood's page shows the joint decision, and names nobody.
    publish_page = f"{round_url}/results"
    published = post_form(http, f"{publish_page}/publish", {}, form_page=publish_page)
    assert published.status_code == 200
    link = re.search(r'id="results-link" class="copy-field" readonly value="([^"]+)"', published.text).group(1)
    public = requests.get(link).text
    for option_id in decision["funded"]:
        assert unescape(titles[option_id]) in unescape(public)
    assert "Besloten in de gezamenlijke stemming van alle tafels van de ronde." in public
    assert "Kaart 1" not in public and "Kaart 2" not in public
    # After the evening the organiser records how the first funded plan is going; the page shows it.
    plan = re.search(r'id="option-(\d+)"', public).group(1)
    manage = http.get(publish_page)
    saved = http.post(f"{publish_page}/status", data={
        "csrf_token": csrf_token(manage.text), "option_id": plan, "status": "in_uitvoering",
        "on_date": "15 maart 2027", "note": "De aannemer is begonnen"})
    assert saved.status_code == 200, saved.text[:500]
    public = requests.get(link).text
    option = public.split(f'id="option-{plan}"')[1].split("</li>")[0]
    assert "In uitvoering" in option and "15 maart 2027" in option and "De aannemer is begonnen" in option
