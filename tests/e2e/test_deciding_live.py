"""Kaders, Verdelen and Besluiten through a real server process: five phones and one
paper participant, from the frame to a recorded decision within the budget."""
import uuid

from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone, open_link

OPTIONS = (("Speeltuin", 8000), ("Bomen", 3000), ("Bankjes", 2000), ("Verlichting", 1500))


def test_five_phones_and_a_paper_ballot_from_frame_to_decision(server, table):
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    phones = [RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
              for _ in range(5)]
    console.wait_for("snapshot")

    assert console.emit("set_phase", {"phase": "kaders"})["ok"]
    assert console.emit("save_frame", {"goals": "Ontmoeten", "roles": "Fatima leidt", "conditions": "Eenmalig",
                                       "ballot_form": "kiezen", "rule": "mes", "consensus_rule": "consent"})["ok"]
    assert all(p.wait_for("frame_changed")["frame"]["rule"] == "mes" for p in phones)

    console.emit("set_phase", {"phase": "inbreng"})
    option_ids = {}
    for title, euros in OPTIONS:
        argument = console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": title})
        cluster = console.emit("create_cluster", {"name": title, "argument_ids": [argument["argument_id"]]})
        option_ids[title] = console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title,
                                                          "cost_euros": euros})["option_id"]

    console.emit("set_phase", {"phase": "verdelen"})
    assert console.emit("open_ballot_round")["ok"]
    choices = [["Speeltuin", "Bomen"], ["Speeltuin", "Verlichting"], ["Bomen", "Bankjes", "Verlichting"],
               ["Bomen", "Bankjes"], ["Speeltuin"]]
    for phone, chosen in zip(phones, choices):
        assert phone.emit("cast_ballot", {"approved": [option_ids[t] for t in chosen]})["ok"]
    over_budget = phones[0].emit("cast_ballot", {"approved": list(option_ids.values())})
    assert over_budget["error"] == "ballot_over_budget"  # € 14.500 > € 12.500; the earlier ballot stays
    assert console.emit("cast_paper_ballot", {"paper_label": "Kaart 1", "approved": [option_ids["Bankjes"]]})["ok"]
    tally = wall.wait_for("ballots_changed", lambda e: e["ballots"]["turnout"] == 6)["ballots"]
    assert tally["paper"] == 1 and tally["aggregate"][str(option_ids["Bomen"])] == 3
    assert console.emit("close_ballot_round")["ok"]
    assert phones[0].emit("cast_ballot", {"approved": [option_ids["Bomen"]]})["error"] == "ballot_round_closed"
    results = wall.wait_for("ballots_changed", lambda e: e["ballots"]["results"] is not None)["ballots"]["results"]
    assert set(results) == {"mes", "greedy", "phragmen"}
    for outcome in results.values():
        assert outcome["total_cost_cents"] <= 1_250_000
        assert len(outcome["explanations"]) == len(OPTIONS)

    console.emit("set_phase", {"phase": "besluiten"})
    first = results["mes"]["funded"]
    assert console.emit("propose", {"option_ids": first, "based_on_rule": "mes"})["ok"]
    for n, phone in enumerate(phones):
        signal = {"level": 5, "reason": "Eerst de bomen"} if n == 0 else {"level": 1 + n % 3}
        assert phone.emit("give_signal", signal)["ok"]
    assert phones[1].emit("give_signal", {"level": 5})["error"] == "objection_needs_reason"
    assert console.emit("close_consensus_round")["ok"]
    first_round = wall.wait_for("consensus_changed", lambda e: e["consensus"]["latest"]["outcome"] is not None)
    assert first_round["consensus"]["latest"]["outcome"] == "no_consensus"
    assert first_round["consensus"]["latest"]["objections"] == ["Eerst de bomen"]

    amended = [option_ids["Bomen"], option_ids["Bankjes"], option_ids["Verlichting"]]
    assert console.emit("propose", {"option_ids": amended})["ok"]
    for n, phone in enumerate(phones):
        assert phone.emit("give_signal", {"level": 1 if n < 3 else 2})["ok"]
    assert console.emit("close_consensus_round")["ok"]
    assert console.emit("record_decision")["ok"]
    final = wall.wait_for("consensus_changed", lambda e: e["consensus"]["decision"] is not None)["consensus"]
    assert final["rounds"] == 2
    assert final["decision"]["outcome"] == "consent_with_reservations"
    assert sorted(final["decision"]["option_ids"]) == sorted(amended)
    assert final["decision"]["total_cost_cents"] == 650_000 <= 1_250_000
