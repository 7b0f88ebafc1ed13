"""The frame agreed by the table, through a real server process and real sockets: a table
proposes its frame, a phone objects with a reason, the facilitator amends, the second round
reaches consent, the frame is agreed, and Verdelen opens with the agreed ballot form."""
import uuid

from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone, open_link

FRAME = {"goals": "Ontmoeten", "roles": "Fatima leidt", "conditions": "Eenmalig", "ballot_form": "verdelen",
         "rule": "greedy", "consensus_rule": "three_quarters"}


def connect(server, table, role, link=None):
    client = RecordingClient(server.url, link or open_link(table[role]), table_id=table["id"], role=role).connect()
    client.wait_for("snapshot")
    return client


def test_a_table_amends_its_frame_after_an_objection_and_agrees_it(server, table):
    console, wall = connect(server, table, "console"), connect(server, table, "wall")
    phones = [RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
              for _ in range(3)]
    for phone in phones:
        phone.wait_for("snapshot")
    assert console.emit("set_phase", {"phase": "kaders"})["ok"]
    assert console.emit("save_frame", FRAME)["ok"]
    assert console.emit("propose_frame")["ok"]
    assert console.emit("save_frame", {**FRAME, "goals": "Anders"})["error"] == "frame_round_open"
    assert console.emit("close_frame_round")["ok"]  # nobody answered: not agreed
    seen = len(wall.received)
    assert console.emit("propose_frame")["ok"]
    proposed = wall.wait_for("frame_consent_changed", lambda e: e["frame_consent"]["latest"]["number"] == 2,
                             after=seen)["frame_consent"]["latest"]
    assert proposed["open"] and proposed["proposal"] == FRAME
    assert proposed["decided_by"] == "three_quarters"  # a first frame is judged by the rule it proposes

    assert phones[0].emit("give_frame_signal", {"level": 5})["error"] == "objection_needs_reason"
    assert phones[0].emit("give_frame_signal", {"level": 5, "reason": "Geen woord over onderhoud"})["ok"]
    for phone in phones[1:]:
        assert phone.emit("give_frame_signal", {"level": 1})["ok"]
    assert console.emit("close_frame_round")["ok"]
    first = wall.wait_for("frame_consent_changed", lambda e: e["frame_consent"]["latest"]["number"] == 2
                          and e["frame_consent"]["latest"]["outcome"] is not None,
                          after=seen)["frame_consent"]
    assert first["latest"]["outcome"] == "no_consensus" and first["agreed"] is None
    assert first["latest"]["objections"] == ["Geen woord over onderhoud"]

    amended = {**FRAME, "conditions": "Eenmalig; onderhoud telt mee"}
    assert console.emit("save_frame", amended)["ok"]
    assert console.emit("propose_frame")["ok"]
    for phone in phones:
        assert phone.emit("give_frame_signal", {"level": 2})["ok"]
    seen = len(wall.received)
    assert console.emit("close_frame_round")["ok"]
    agreed = wall.wait_for("frame_consent_changed", lambda e: e["frame_consent"]["agreed"] is not None,
                           after=seen)["frame_consent"]
    assert agreed["rounds"] == 3 and agreed["agreed"]["number"] == 3
    assert agreed["agreed"]["proposal"] == amended and agreed["agreed"]["outcome"] == "consent_with_reservations"
    assert agreed["agreed"]["tally"]["2"] == 3

    # Verdelen opens with the agreed ballot form, whatever the draft says meanwhile.
    assert console.emit("save_frame", {**amended, "ballot_form": "kiezen"})["ok"]
    assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
    argument = console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": "Bankjes"})
    cluster = console.emit("create_cluster", {"name": "Bankjes", "argument_ids": [argument["argument_id"]]})
    option = console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": "Bankjes", "cost_euros": 500})
    assert option["ok"]
    assert console.emit("set_phase", {"phase": "verdelen"})["ok"]
    seen = len(wall.received)
    assert console.emit("open_ballot_round")["ok"]
    assert wall.wait_for("ballots_changed", after=seen)["ballots"]["ballot_form"] == "verdelen"

    # Besluiten uses the agreed consensus rule; someone without a phone answers on paper.
    assert console.emit("close_ballot_round")["ok"]
    assert console.emit("set_phase", {"phase": "besluiten"})["ok"]
    seen = len(wall.received)
    assert console.emit("propose", {"option_ids": [option["option_id"]]})["ok"]
    assert console.emit("give_paper_signal", {"paper_label": "Kaart 1", "level": 4, "reason": None})["ok"]
    latest = wall.wait_for("consensus_changed", lambda e: e["consensus"]["latest"]["tally"]["4"] == 1,
                           after=seen)["consensus"]["latest"]
    assert latest["consensus_rule"] == "three_quarters"

    # A phone that connects now finds the agreed frame in its snapshot.
    late = connect(server, table, "phone", join_as_phone(table))
    assert late.received[0][1]["frame_consent"]["agreed"]["proposal"] == amended


def test_only_the_tables_own_phones_answer_once_each_and_the_wall_cannot(server, organiser):
    budget_round = organiser.create_round()
    here, there = organiser.create_table(budget_round), organiser.create_table(budget_round)
    console = connect(server, here, "console")
    wall = connect(server, here, "wall")
    phone = connect(server, here, "phone", join_as_phone(here))
    stranger = connect(server, there, "phone", join_as_phone(there))
    assert console.emit("propose_frame")["ok"]
    assert wall.emit("give_frame_signal", {"level": 1})["error"] == "not_allowed"
    assert wall.emit("propose_frame")["error"] == "not_allowed"
    assert phone.emit("close_frame_round")["error"] == "not_allowed"
    # The other table's phone answers at its own table, where nothing is proposed.
    assert stranger.emit("give_frame_signal", {"level": 5, "reason": "Nee"})["error"] == "frame_round_closed"
    assert phone.emit("give_frame_signal", {"level": 5, "reason": "Te vaag"})["ok"]
    seen = len(wall.received)
    assert phone.emit("give_frame_signal", {"level": 1})["ok"]  # replaces the objection
    latest = wall.wait_for("frame_consent_changed", lambda e: e["frame_consent"]["latest"]["tally"]["1"] == 1,
                           after=seen)["frame_consent"]["latest"]
    assert latest["tally"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0} and latest["objections"] == []
    assert not any(event == "frame_consent_changed" for event, _ in stranger.received)
