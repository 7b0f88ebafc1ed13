"""A round of three tables on table budgets, through a real server process: the organiser
sets the round's frame and splits € 30.000 over the tables; every console is told its
budget live; each table votes, proposes and decides within its share (one tries above
it and is refused); a new split below a decision is refused; and the round minutes in
every format, read back, agree on each share, each decision and the one allocation. Each
table first agrees its frame by consent (one objection, one amendment); the public page
shows the allocation and a status update."""
import csv
import io
import json
import re
import uuid
import zipfile

import requests
from pabutools.election.pabulib import parse_pabulib_from_string

from tests.support.clients import RecordingClient
from tests.support.frame_consent import OBJECTION, agree_frame_with_one_objection
from tests.support.minutes_check import euro_text, normalise, text_of
from tests.support.web import csrf_token, join_as_phone, open_link, post_form

ROUND_BUDGET = 30_000_00
GOALS = "Meer groen en ontmoeting in de hele wijk"
CONDITIONS = "Alleen eenmalige kosten; uitvoering voor eind 2027"
# title -> (share in euros as typed, {option: cost in euros}, what it decides, what it tries above its share)
TABLES = {
    "Noord": ("10.000", {"Speeltuin": 8000, "Bomen": 3000}, ["Speeltuin"], ["Speeltuin", "Bomen"]),
    "Midden": ("12.000", {"Moestuin": 7000, "Bankjes": 4000}, ["Moestuin", "Bankjes"], None),
    "Zuid": ("8.000", {"Muurschildering": 5000, "Verlichting": 2500}, ["Muurschildering", "Verlichting"], None),
}
SHARES = {"Noord": 10_000_00, "Midden": 12_000_00, "Zuid": 8_000_00}


TABLE_FRAME = {"goals": "Meer groen en ontmoeten", "roles": "De gespreksleider leidt", "conditions": "Eenmalig.",
               "ballot_form": "kiezen", "rule": "mes", "consensus_rule": "consent"}


def run_table(server, title, table, options, funded, too_much):
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    phones = [RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
              for _ in range(2)]
    snapshot = console.wait_for("snapshot")
    share = SHARES[title]
    assert snapshot["round"]["budget_cents"] == share and snapshot["round"]["round_budget_cents"] == ROUND_BUDGET
    assert snapshot["round"]["frame"]["goals"] == GOALS

    agreed = agree_frame_with_one_objection(console, phones, TABLE_FRAME)
    assert agreed["consensus_rule"] == "consent"

    console.emit("set_phase", {"phase": "inbreng"})
    said = {title: phones[0].emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "voor",
                                                      "text": f"Graag {title.lower()} in de buurt"})["argument_id"]
            for title in options}
    console.emit("set_phase", {"phase": "ordenen"})
    ids = {}
    for title, euros in options.items():
        cluster = console.emit("create_cluster", {"name": title, "argument_ids": [said[title]]})
        ids[title] = console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title,
                                                  "cost_euros": euros})["option_id"]

    console.emit("set_phase", {"phase": "verdelen"})
    assert console.emit("open_ballot_round")["ok"]
    if too_much:  # on a phone: these "do not fit any more" within the table's share
        refused = phones[1].emit("cast_ballot", {"approved": [ids[t] for t in too_much]})
        assert refused["ok"] is False and refused["error"] == "ballot_over_budget"
    for phone in phones:
        assert phone.emit("cast_ballot", {"approved": [ids[t] for t in funded]})["ok"]
    assert console.emit("close_ballot_round")["ok"]

    console.emit("set_phase", {"phase": "besluiten"})
    if too_much:
        refused = console.emit("propose", {"option_ids": [ids[t] for t in too_much]})
        assert refused["ok"] is False and refused["error"] == "proposal_over_budget"
    assert console.emit("propose", {"option_ids": [ids[t] for t in funded]})["ok"]
    for phone in phones:
        assert phone.emit("give_signal", {"level": 1})["ok"]
    assert console.emit("close_consensus_round")["ok"]
    assert console.emit("record_decision")["ok"]
    for client in (console, *phones):
        client.disconnect()
    return ids


def test_three_tables_decide_within_their_shares_and_the_round_minutes_agree(server, organiser):
    round_url = organiser.create_round(name="Buurtbudget Oost", budget="30.000")
    tables = {title: organiser.create_table(round_url, title=title) for title in TABLES}
    # A console open before the split hears its new budget without reloading.
    early = RecordingClient(server.url, open_link(tables["Noord"]["console"]), table_id=tables["Noord"]["id"],
                            role="console").connect()
    assert early.wait_for("snapshot")["round"]["budget_cents"] == ROUND_BUDGET
    seen = len(early.received)

    response = post_form(organiser.http, round_url + "/frame", {
        "goals": GOALS, "conditions": CONDITIONS, "rule": "mes", "combination": "table_budgets"},
        form_page=round_url)
    assert response.status_code == 200 and "De kaders van de ronde zijn opgeslagen." in response.text
    short = post_form(organiser.http, round_url + "/shares", {
        f"share_{tables[t]['id']}": share for t, share in (("Noord", "10.000"), ("Midden", "12.000"),
                                                           ("Zuid", "7.000"))}, form_page=round_url)
    assert short.status_code == 400
    assert "van het rondebudget van € 30.000 is nog € 1.000 te verdelen" in short.text.replace("\xa0", " ")
    response = post_form(organiser.http, round_url + "/shares", {
        f"share_{tables[t]['id']}": TABLES[t][0] for t in TABLES}, form_page=round_url)
    assert response.status_code == 200 and "De tafelbudgetten zijn opgeslagen." in response.text
    told = early.wait_for("round_changed", lambda e: e["round"]["budget_cents"] == SHARES["Noord"], after=seen)
    assert told["round"]["frame"]["combination"] == "table_budgets"
    early.disconnect()

    option_ids = {title: run_table(server, title, tables[title], *TABLES[title][1:]) for title in TABLES}

    # Noord decided € 8.000: a new split that gives it less is refused, and nothing changes.
    lower = post_form(organiser.http, round_url + "/shares", {
        f"share_{tables['Noord']['id']}": "7.000", f"share_{tables['Midden']['id']}": "15.000",
        f"share_{tables['Zuid']['id']}": "8.000"}, form_page=round_url)
    assert lower.status_code == 400 and "“Noord” heeft al € 8.000 besloten" in lower.text.replace("\xa0", " ")

    decided = {t: sum(TABLES[t][1][o] for o in TABLES[t][2]) * 100 for t in TABLES}
    total = sum(decided.values())
    assert total <= ROUND_BUDGET
    overview = organiser.http.get(round_url + "/overview.json").json()
    assert overview["tables"][str(tables["Noord"]["id"])]["budget"].replace("\xa0", " ") == "€ 10.000"
    page = organiser.http.get(round_url).text.replace("\xa0", " ")
    assert f"De besluiten van de tafels samen: {euro_text(total)} van het rondebudget van € 30.000." in page
    assert 'id="round-combined-bar-title"' in page

    bodies = {}
    for fmt in ("pdf", "docx", "md", "html", "csv", "json", "pb"):
        got = organiser.http.get(round_url + "/minutes", params={"format": fmt, "language": "nl"})
        assert got.status_code == 200, (fmt, got.text[:300])
        bodies[fmt] = got.content

    for fmt in ("pdf", "docx", "md", "html"):
        text = text_of(fmt, bodies[fmt])
        assert text.count(normalise(OBJECTION)) >= len(TABLES), fmt  # each table's refused first frame
        for words in (GOALS, CONDITIONS, "Tafelbudgetten: het rondebudget wordt over de tafels verdeeld",
                      f"De verdeling van de ronde: {euro_text(total)} van het rondebudget van € 30.000; "
                      f"{euro_text(ROUND_BUDGET - total)} blijft over."):
            assert normalise(words) in text, f"{fmt}: missing {words}"
        how = text[text.index("Hoe het werk van de tafels één besluit werd"):]
        for title in TABLES:  # each table's share and decision, in the table of how they were combined
            assert f"{title} {euro_text(SHARES[title])} {euro_text(decided[title])}" in how, (fmt, title)
            for option in TABLES[title][2]:
                assert option in how, (fmt, option)
        allocation = how[how.index("De verdeling van de ronde"):]
        for title in TABLES:
            for option in TABLES[title][1]:
                assert (f"{title} {option}" in allocation) == (option in TABLES[title][2]), (fmt, title, option)

    record = json.loads(bodies["json"])
    combination = record["combination"]
    assert combination["combination"] == "table_budgets" and combination["combined"]
    assert combination["total_cents"] == total and combination["left_cents"] == ROUND_BUDGET - total
    by_id = {t["table"]["id"]: t["table"]["title"] for t in record["tables"]}
    assert {by_id[t["table_id"]]: (t["budget_cents"], t["decided_cents"]) for t in combination["tables"]} \
        == {t: (SHARES[t], decided[t]) for t in TABLES}
    assert sorted(f["option_id"] for f in combination["funded"]) \
        == sorted(option_ids[t][o] for t in TABLES for o in TABLES[t][2])
    assert record["round_frame"]["goals"] == GOALS

    with zipfile.ZipFile(io.BytesIO(bodies["csv"])) as archive:
        rows = {name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}
    assert {r["table"]: (int(r["share_cents"]), int(r["decided_cents"])) for r in rows["round_tables.csv"]} \
        == {t: (SHARES[t], decided[t]) for t in TABLES}
    assert sum(int(r["cost_cents"]) for r in rows["round_allocation.csv"]) == total
    frame = {r["field"]: r["value"] for r in rows["round_frame.csv"]}
    assert (frame["combination"], int(frame["allocated_cents"]), frame["goals"]) == ("table_budgets", total, GOALS)

    with zipfile.ZipFile(io.BytesIO(bodies["pb"])) as archive:
        budgets = {}
        for name in archive.namelist():
            instance, _profile = parse_pabulib_from_string(archive.read(name).decode())
            budgets[int(name.removeprefix("tafel-").removesuffix(".pb"))] = int(instance.budget_limit * 100)
    assert budgets == {tables[t]["id"]: SHARES[t] for t in TABLES}  # each table decided within its share

    # The neighbourhood's page shows the one allocation within the round budget, and each
    # table's agreed frame, with nobody's name; a status update appears on it.
    results_page = round_url + "/results"
    published = post_form(organiser.http, results_page + "/publish", {}, form_page=results_page)
    link = re.search(r'id="results-link" class="copy-field" readonly value="([^"]+)"', published.text).group(1)
    public = requests.get(link).text
    assert euro_text(total) in public.replace("\xa0", " ") and "boven het budget" not in public
    for title in TABLES:
        for option in TABLES[title][2]:
            assert option in public, option
    assert "Onderhoud telt mee in de kosten." in public  # the agreed (amended) frames
    assert "De gespreksleider leidt" not in public  # roles can name people: never public
    plan = option_ids["Noord"][TABLES["Noord"][2][0]]
    saved = organiser.http.post(results_page + "/status", data={
        "csrf_token": csrf_token(organiser.http.get(results_page).text), "option_id": plan, "status": "klaar",
        "on_date": "1-6-2027", "note": "Opgeleverd"})
    assert saved.status_code == 200
    option = requests.get(link).text.split(f'id="option-{plan}"')[1].split("</li>")[0]
    assert "Klaar" in option and "Opgeleverd" in option
