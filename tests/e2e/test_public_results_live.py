"""Issue 17, part 3, through a real server process: two tables of a round decide with phones
(named people and a paper ballot), the organiser publishes the round's results page, a
neighbour without an account reads the decision on it, and a status update appears there."""
import re
import uuid

import requests

from tests.support.clients import RecordingClient
from tests.support.web import csrf_token, join_as_phone, open_link, post_form

NAMES = ["Qzanneke1x", "Qzbram2x", "Qzchaimae3x"]
PAPER = "Qzkaartvandirkx"


def decide(server, table, options, choices, *, names):
    """A table where the phones vote and agree on the Method of Equal Shares' proposal."""
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    phones = [RecordingClient(server.url, join_as_phone(table, name), table_id=table["id"], role="phone").connect()
              for name in names]
    console.wait_for("snapshot")
    assert console.emit("set_phase", {"phase": "kaders"})["ok"]
    assert console.emit("save_frame", {"goals": "Meer groen in de straat", "roles": f"{names[0]} houdt de tijd bij",
                                       "conditions": "Binnen een jaar klaar", "ballot_form": "kiezen",
                                       "rule": "mes", "consensus_rule": "consent"})["ok"]
    console.emit("set_phase", {"phase": "inbreng"})
    ids = {}
    for title, euros in options:
        argument = console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": title})
        cluster = console.emit("create_cluster", {"name": title, "argument_ids": [argument["argument_id"]]})
        ids[title] = console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title,
                                                  "cost_euros": euros})["option_id"]
    console.emit("set_phase", {"phase": "verdelen"})
    assert console.emit("open_ballot_round")["ok"]
    for phone, chosen in zip(phones, choices):
        assert phone.emit("cast_ballot", {"approved": [ids[t] for t in chosen]})["ok"]
    assert console.emit("cast_paper_ballot", {"paper_label": PAPER, "approved": [ids[choices[0][0]]]})["ok"]
    assert console.emit("close_ballot_round")["ok"]
    results = console.wait_for("ballots_changed", lambda e: e["ballots"]["results"] is not None)["ballots"]["results"]
    console.emit("set_phase", {"phase": "besluiten"})
    assert console.emit("propose", {"option_ids": results["mes"]["funded"], "based_on_rule": "mes"})["ok"]
    for phone in phones:
        assert phone.emit("give_signal", {"level": 1})["ok"]
    assert console.emit("close_consensus_round")["ok"]
    assert console.emit("record_decision", {})["ok"]
    for client in (console, *phones):
        client.disconnect()
    return {title: ids[title] for title in ids if ids[title] in results["mes"]["funded"]}


def test_a_neighbour_reads_the_published_decision_and_its_progress(server, organiser):
    round_url = organiser.create_round(name="Buurtbudget Vogelbuurt", budget="12.500")
    round_id = int(round_url.rstrip("/").rsplit("/", 1)[1])
    first = organiser.create_table(round_url, title="Groen")
    second = organiser.create_table(round_url, title="Spelen")
    funded = decide(server, first, (("Geveltuinen", 4000), ("Bomen", 3000), ("Fontein", 9000)),
                    [["Geveltuinen", "Bomen"], ["Geveltuinen"], ["Bomen", "Geveltuinen"]], names=NAMES)
    funded.update(decide(server, second, (("Speeltoestel", 5000), ("Skatebaan", 9000)),
                         [["Speeltoestel"], ["Speeltoestel"], ["Skatebaan"]], names=["", "", ""]))
    assert set(funded) == {"Geveltuinen", "Bomen", "Speeltoestel"}

    results_page = f"{server.url}/organiser/rounds/{round_id}/results"
    neighbour = requests.Session()
    published = post_form(organiser.http, results_page + "/publish", {}, form_page=results_page)
    assert published.status_code == 200 and "De uitslagpagina is nu openbaar." in published.text
    link = re.search(r'id="results-link" class="copy-field" readonly value="([^"]+)"', published.text).group(1)
    code = link.rsplit("/", 1)[1]

    page = neighbour.get(f"{server.url}/r/{code}")
    assert page.status_code == 200 and "Buurtbudget Vogelbuurt" in page.text
    for title in funded:
        assert title in page.text
    assert "Fontein" not in page.text.split('id="frame-heading"')[0]  # not funded, not in the decision
    assert "€\xa012.000" in page.text  # 4.000 + 3.000 + 5.000 of the € 12.500
    assert "Waarom:" in page.text and "Meer groen in de straat" in page.text
    for secret in (*NAMES, PAPER):
        assert secret not in page.text
    for fmt in ("md", "json", "csv", "docx"):
        minutes = neighbour.get(f"{server.url}/r/{code}/minutes", params={"format": fmt})
        assert minutes.status_code == 200 and "attachment" in minutes.headers["Content-Disposition"], fmt
        if fmt in ("md", "json"):
            assert "Geveltuinen" in minutes.text and not [s for s in (*NAMES, PAPER) if s in minutes.text], fmt

    # After the evening: the organiser records how the façade gardens are going.
    manage = organiser.http.get(results_page)
    saved = organiser.http.post(results_page + "/status", data={
        "csrf_token": csrf_token(manage.text), "option_id": funded["Geveltuinen"], "status": "in_uitvoering",
        "on_date": "15 januari 2027", "note": "De eerste twintig tuinen zijn aangelegd"})
    assert saved.status_code == 200 and "De stand is opgeslagen" in saved.text
    page = neighbour.get(f"{server.url}/r/{code}")
    option = page.text.split(f'id="option-{funded["Geveltuinen"]}"')[1].split("</li>")[0]
    assert "In uitvoering" in option and "15 januari 2027" in option and "De eerste twintig tuinen" in option
    dropped = organiser.http.post(results_page + "/status", data={
        "csrf_token": csrf_token(manage.text), "option_id": funded["Bomen"], "status": "vervallen",
        "on_date": "1-2-2027", "reason": ""})
    assert dropped.status_code == 400 and "heeft een reden nodig" in dropped.text

    # Taken down: the neighbour's link is gone, the minutes too.
    post_form(organiser.http, results_page + "/unpublish", {}, form_page=results_page)
    assert neighbour.get(f"{server.url}/r/{code}").status_code == 404
    assert neighbour.get(f"{server.url}/r/{code}/minutes", params={"format": "md"}).status_code == 404
