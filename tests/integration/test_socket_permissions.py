"""Every socket event against every kind of sender, built from the event registry:
an event added without a rule and a sample payload here makes this suite fail."""
from datetime import date, datetime, timezone

import pytest

from facilitator import unit_of_work
from facilitator.connections import CONSOLE, PHONE, WALL
from facilitator.handlers import EVENT_RULES
import uuid

from sessions import (
    account_services, argument_services, ballot_services, cluster_services, commands, consensus_services, frame_consent_services,
    round_services, table_services,
)

def prepare(event: str, app, table_id: int, sender_participant: int | None) -> dict:
    """Bring the table into a state where `event` succeeds for an allowed sender,
    and return the payload to send."""
    uow = unit_of_work(app)
    if event in ("pause_timer",):
        table_services.start_timer(uow, commands.StartTimer(), table_id=table_id)
    if event in ARGUMENT_EVENTS | CLUSTER_EVENTS | BALLOT_EVENTS | ROUND_VOTE_EVENTS:
        table_services.set_phase(uow, commands.SetPhase(phase="afwegen" if event == "react" else "inbreng"), table_id=table_id)
    author = sender_participant or table_services.join_table(uow, table_id=table_id, display_name=None).ack["participant_id"]

    def option():
        return cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster(), title="o", cost_euros=1), table_id=table_id).ack["option_id"]

    def open_round_with_option():
        option_id = option()
        ballot_services.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table_id)
        return option_id

    def cluster():
        return cluster_services.create_cluster(uow, commands.CreateCluster(name="c", argument_ids=[argument()]), table_id=table_id).ack["cluster_id"]

    def argument(by=author):
        return argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text="Bankjes"), table_id=table_id, participant_id=by).ack["argument_id"]

    payloads = {
        "request_snapshot": lambda: {},
        "set_phase": lambda: {"phase": "kaders"},
        "start_timer": lambda: {},
        "pause_timer": lambda: {},
        "reset_timer": lambda: {"duration_s": 300},
        "set_phase_timers": lambda: {"durations": {"inbreng": 900, "afwegen": 600}},
        "show_join_qr": lambda: {"shown": True},
        "submit_argument": lambda: {"client_id": str(uuid.uuid4()), "stance": "voor", "text": "Een speeltuin"},
        "capture_argument": lambda: {"client_id": str(uuid.uuid4()), "stance": "idee", "text": "Van papier"},
        "edit_argument": lambda: {"argument_id": argument(), "stance": "tegen", "text": "Toch niet"},
        "withdraw_argument": lambda: {"argument_id": argument()},
        "correct_argument": lambda: {"argument_id": argument(), "stance": "voor", "text": "Bankjes!"},
        "hide_argument": lambda: {"argument_id": argument(), "reason": "Scheldwoord"},
        "unhide_argument": lambda: {"argument_id": _hidden(uow, table_id, argument())},
        "pin_argument": lambda: {"argument_id": argument(), "pinned": True},
        "merge_arguments": lambda: {"source_id": argument(), "target_id": argument()},
        "set_input_open": lambda: {"open": False},
        "set_premoderation": lambda: {"on": True},
        "approve_arguments": lambda: {"argument_ids": [_waiting(uow, table_id, author)]},
        "undo_merge": lambda: {"argument_id": _merged(uow, table_id, argument(), argument())},
        "react": lambda: {"argument_id": argument(None), "value": "agree"},
        "create_cluster": lambda: {"name": "Spelen", "argument_ids": [argument()]},
        "rename_cluster": lambda: {"cluster_id": cluster(), "name": "Groen"},
        "move_arguments": lambda: {"argument_ids": [argument()], "cluster_id": cluster()},
        "merge_clusters": lambda: {"source_id": cluster(), "target_id": cluster()},
        "delete_cluster": lambda: {"cluster_id": cluster()},
        "reorder_clusters": lambda: {"cluster_ids": list(reversed([cluster(), cluster()]))},
        "undo_cluster_change": lambda: (cluster(), {})[1],
        "suggest_clusters": lambda: {},
        "suggest_placements": lambda: {},
        "place_arguments": lambda: {"placements": {str(argument()): cluster()}},
        "open_ballot_round": lambda: (option(), {})[1],
        "close_ballot_round": lambda: (option(), ballot_services.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table_id), {})[2],
        "cast_ballot": lambda: {"approved": [open_round_with_option()]},
        "cast_paper_ballot": lambda: {"paper_label": "Kaart 1", "approved": [open_round_with_option()]},
        "propose": lambda: {"option_ids": [option()], "based_on_rule": "mes"},
        "give_signal": lambda: (consensus_services.propose(uow, commands.Propose(option_ids=[option()]), table_id=table_id),
                                {"level": 5, "reason": "Te duur"})[1],
        "close_consensus_round": lambda: (consensus_services.propose(uow, commands.Propose(option_ids=[option()]), table_id=table_id),
                                          {})[1],
        "record_decision": lambda: (consensus_services.propose(uow, commands.Propose(option_ids=[option()]), table_id=table_id),
                                    consensus_services.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table_id),
                                    {"outcome": "consensus", "override_reason": "In overleg"})[2],
        "propose_frame": lambda: {},
        "give_frame_signal": lambda: (_frame_round(uow, table_id), {"level": 5, "reason": "Te vaag"})[1],
        "give_paper_frame_signal": lambda: (_frame_round(uow, table_id),
                                            {"paper_label": "Kaart 2", "level": 3, "reason": None})[1],
        "close_frame_round": lambda: (_frame_round(uow, table_id), {})[1],
        "suggest_for_frame": lambda: {"kind": "goal", "text": "Meer groen"},
        "settle_frame_suggestion": lambda: {"suggestion_id": frame_consent_services.suggest_for_frame(
            uow, commands.SuggestForFrame(kind="condition", text="Niet boven de 5.000"), table_id=table_id
        ).ack["suggestion_id"], "take": True},
        "give_paper_signal": lambda: (consensus_services.propose(uow, commands.Propose(option_ids=[option()]), table_id=table_id),
                                      {"paper_label": "Kaart 1", "level": 2, "reason": "Prima"})[1],
        "save_frame": lambda: {"goals": "Ontmoeten", "roles": "", "conditions": "", "ballot_form": "kiezen",
                               "rule": "mes", "consensus_rule": "consent"},
        "save_option": lambda: {"cluster_id": cluster(), "title": "Speeltuin", "cost": "€ 5.000"},
        "delete_option": lambda: {"option_id": cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster(), title="t", cost_euros=1), table_id=table_id).ack["option_id"]},
        "close_table": lambda: (table_services.set_phase(uow, commands.SetPhase(phase="afgerond"), table_id=table_id), {})[1],
        "turn_wall_page": lambda: (table_services.set_phase(uow, commands.SetPhase(phase="afgerond"), table_id=table_id),
                                   {"direction": "next"})[1],
        "reopen_table": lambda: (table_services.set_phase(uow, commands.SetPhase(phase="afgerond"), table_id=table_id),
                                 table_services.close_table(uow, commands.CloseTable(), table_id=table_id), {})[2],
        # The plenary vote of the round: open, on a round ballot built from this table's option.
        "cast_round_vote": lambda: {"approved": [_open_round_vote(uow, table_id, option)]},
        "cast_round_paper_vote": lambda: {"paper_label": "Kaart 1", "approved": [_open_round_vote(uow, table_id, option)]},
    }
    return payloads[event]()


def _open_round_vote(uow, table_id, option):
    """The round of this table votes in plenary on a ballot with one option; returns its id."""
    from sessions import round_vote_services
    from sessions.models import BudgetRound, DeliberationTable

    option()
    with uow:
        round_id = uow.session.get(DeliberationTable, table_id).round_id
        organiser = uow.session.get(BudgetRound, round_id).organiser_id
    round_services.save_round_frame(uow, organiser_id=organiser, round_id=round_id, goals="", conditions="",
                                    rule="mes", combination="plenary")
    round_vote_services.take_in_options(uow, organiser_id=organiser, round_id=round_id)
    round_vote_services.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    return round_vote_services.builder_view(uow, organiser_id=organiser, round_id=round_id)["ballot"]["options"][0]["id"]


def _frame_round(uow, table_id):
    frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)


def _hidden(uow, table_id, argument_id):
    argument_services.hide_argument(uow, commands.HideArgument(argument_id=argument_id, reason="test"), table_id=table_id)
    return argument_id


def _waiting(uow, table_id, author):
    argument_services.set_premoderation(uow, commands.SetPremoderation(on=True), table_id=table_id)
    return argument_services.submit_argument(
        uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text="Wacht even"),
        table_id=table_id, participant_id=author).ack["argument_id"]


def _merged(uow, table_id, source_id, target_id):
    argument_services.merge_arguments(uow, commands.MergeArguments(source_id=source_id, target_id=target_id),
                                      table_id=table_id)
    return source_id


ARGUMENT_EVENTS = {"submit_argument", "capture_argument", "edit_argument", "withdraw_argument", "correct_argument",
                   "hide_argument", "unhide_argument", "pin_argument", "merge_arguments", "set_input_open", "react",
                   "set_premoderation", "approve_arguments", "undo_merge"}
CLUSTER_EVENTS = {"create_cluster", "rename_cluster", "move_arguments", "merge_clusters", "delete_cluster",
                  "reorder_clusters", "undo_cluster_change", "save_option", "delete_option", "suggest_clusters",
                  "suggest_placements", "place_arguments"}
BALLOT_EVENTS = {"open_ballot_round", "close_ballot_round", "cast_ballot", "cast_paper_ballot",
                 "propose", "give_signal", "close_consensus_round", "record_decision", "give_paper_signal"}
ROUND_VOTE_EVENTS = {"cast_round_vote", "cast_round_paper_vote"}
FRAME_CONSENT_EVENTS = {"propose_frame", "give_frame_signal", "give_paper_frame_signal", "close_frame_round",
                        "suggest_for_frame", "settle_frame_suggestion"}
SCENARIO_EVENTS = ROUND_VOTE_EVENTS | {"request_snapshot", "set_phase", "start_timer", "pause_timer", "reset_timer", "save_frame",
                   "close_table", "reopen_table", "turn_wall_page",
                   "set_phase_timers", "show_join_qr"} | ARGUMENT_EVENTS | CLUSTER_EVENTS | BALLOT_EVENTS | FRAME_CONSENT_EVENTS

# identity -> the role it connects with at table A, and whether it may connect at all
IDENTITIES = {
    "participant": PHONE,
    "wall": WALL,
    "facilitator": CONSOLE,
    "revoked facilitator": CONSOLE,
    "participant of another table": PHONE,
    "facilitator of another table": CONSOLE,
    "wall of another table": WALL,
    "anonymous": PHONE,
}
MAY_CONNECT = {"participant", "wall", "facilitator", "revoked facilitator"}


@pytest.fixture
def tables(app):
    uow = unit_of_work(app)
    organiser = account_services.create_organiser(uow, email="org@example.nl", password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="R", neighbourhood="N", budget_cents=100,
                                         starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2))
    starts = datetime(2027, 1, 1, 19, tzinfo=timezone.utc)
    a, b = (round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title=t, place="p",
                                  starts_at=starts) for t in ("A", "B"))
    return {"organiser": organiser, "a": a, "b": b}


def browser_as(app, tables, identity):
    """A Flask test client whose session holds what this identity opened over HTTP."""
    uow = unit_of_work(app)
    a, b = tables["a"], tables["b"]
    http = app.test_client()
    with http.session_transaction() as session:
        if identity == "participant":
            session["participant_of"] = {str(a["id"]): table_services.join_table(uow, table_id=a["id"], display_name=None).ack["participant_id"]}
        elif identity == "participant of another table":
            session["participant_of"] = {str(b["id"]): table_services.join_table(uow, table_id=b["id"], display_name=None).ack["participant_id"]}
        elif identity in ("facilitator", "revoked facilitator"):
            session["console_tokens"] = {str(a["id"]): a["facilitator_token"]}
        elif identity == "facilitator of another table":
            session["console_tokens"] = {str(b["id"]): b["facilitator_token"]}
        elif identity == "wall":
            session["wall_tokens"] = {str(a["id"]): a["wall_token"]}
        elif identity == "wall of another table":
            session["wall_tokens"] = {str(b["id"]): b["wall_token"]}
    return http


def browser_as_session(sock):
    return sock.flask_test_client.session_transaction()


def seq_of(app, table_id):
    return table_services.snapshot(unit_of_work(app), table_id=table_id, for_console=False)["seq"]


def test_every_registered_event_has_a_rule_and_a_scenario():
    assert set(EVENT_RULES) == SCENARIO_EVENTS


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("event", sorted(SCENARIO_EVENTS))
def test_only_the_allowed_senders_can_use_each_event(app, tables, socket_client, event, identity):
    table_id = tables["a"]["id"]
    sock = socket_client(browser_as(app, tables, identity), table_id=table_id, role=IDENTITIES[identity])
    if identity not in MAY_CONNECT:
        assert not sock.is_connected()
        return
    assert sock.is_connected()
    if identity == "revoked facilitator":
        round_services.revoke_facilitator_link(unit_of_work(app), organiser_id=tables["organiser"], table_id=table_id)
    with browser_as_session(sock) as session:
        sender = session.get("participant_of", {}).get(str(table_id))
    payload = prepare(event, app, table_id, sender)
    before = seq_of(app, table_id)

    ack = sock.emit(event, payload, callback=True)

    if identity == "revoked facilitator" and CONSOLE in EVENT_RULES[event]:
        assert ack["error"] == "link_revoked"
    elif IDENTITIES[identity] in EVENT_RULES[event]:
        assert ack["ok"] is True, ack
        return
    else:
        assert ack["error"] == "not_allowed"
    assert ack["ok"] is False and ack["message"]
    assert seq_of(app, table_id) == before


MALFORMED = [
    "kaders", 5, [1, 2], {"unknown_field": 1}, {"phase": {"deep": [[[[]]]]}}, {"phase": "x" * 10_000},
    {"phase": None}, {"phase": "KADERS"}, {"phase": "\u202ekaders"}, {"duration_s": "300"}, {"duration_s": True},
    {"duration_s": 10**12}, {"duration_s": -1}, {"duration_s": 1.5}, {"duration_s": None},
]


MALFORMED += [
    {"client_id": "short", "stance": "voor", "text": "x"}, {"client_id": "a" * 65, "stance": "voor", "text": "x"},
    {"client_id": "0a5c1f3e-aaaa-bbbb-cccc-111122223333", "stance": "voor", "text": "x" * 1001},
    {"client_id": "0a5c1f3e-aaaa-bbbb-cccc-111122223334", "stance": "pro", "text": "x"},
    {"client_id": "<script>alert(1)</script>", "stance": "voor", "text": "x"},
    {"argument_id": "1"}, {"argument_id": 999_999}, {"argument_id": True}, {"argument_id": 1, "pinned": "yes"},
    {"open": "false"}, {"open": None}, {"argument_id": 1, "value": "love"}, {"argument_id": 1, "reason": ""},
    {"source_id": 1, "target_id": 1}, {"source_id": "1", "target_id": 2},
    {"on": "true"}, {"on": None}, {"argument_ids": [True]}, {"argument_ids": [999_999]},
    {"argument_ids": [], "cluster_id": None}, {"argument_ids": [1], "cluster_id": 999}, {"argument_ids": "1"},
    {"cluster_ids": [999]}, {"cluster_id": 1, "name": "x" * 121}, {"cluster_id": 1, "title": "", "cost_euros": 5},
    {"cluster_id": 1, "title": "t", "cost_euros": -5}, {"cluster_id": 1, "title": "t", "cost_euros": 10**12},
    {"cluster_id": 1, "title": "t", "cost": "3.00.0"}, {"cluster_id": 1, "title": "t", "cost": "-5"},
    {"cluster_id": 1, "title": "t", "cost": 3000}, {"cluster_id": 1, "title": "t", "cost": "3.000", "cost_euros": 3000},
    {"cluster_id": 1, "title": "t"},
    {"option_id": 999},
    {"durations": {"pauze": 60}}, {"durations": {"inbreng": 0}}, {"durations": {"inbreng": "15"}}, {"durations": []},
    {"shown": "yes"},
    {"level": 0}, {"level": 5, "reason": ""}, {"level": "1"}, {"option_ids": [999_999]},
    {"outcome": "perhaps", "override_reason": "x"},
    {"approved": [999]}, {"approved": "1"}, {"points": {"1": -1}}, {"points": {"1": 101}},
    {"paper_label": "", "approved": []}, {"paper_label": "x" * 61, "approved": []},
    {"goals": "x", "roles": "", "conditions": "", "ballot_form": "stemmen", "rule": "mes", "consensus_rule": "consent"},
    {"goals": "x" * 2001, "roles": "", "conditions": "", "ballot_form": "kiezen", "rule": "mes", "consensus_rule": "consent"},
]


@pytest.mark.parametrize("event", sorted(SCENARIO_EVENTS - {"request_snapshot"}))
def test_malformed_payloads_get_a_clear_error_and_change_nothing(app, tables, socket_client, event):
    table_id = tables["a"]["id"]
    identity = "facilitator" if CONSOLE in EVENT_RULES[event] else "participant"
    sock = socket_client(browser_as(app, tables, identity), table_id=table_id, role=IDENTITIES[identity])
    uow = unit_of_work(app)
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen" if event == "react" else "inbreng"), table_id=table_id)
    author = table_services.join_table(uow, table_id=table_id, display_name=None).ack["participant_id"]
    argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text="Bankjes"), table_id=table_id, participant_id=author)
    before = table_services.snapshot(uow, table_id=table_id, for_console=True)
    for payload in MALFORMED:
        ack = sock.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"] and ack["message"], (event, payload, ack)
    assert table_services.snapshot(unit_of_work(app), table_id=table_id, for_console=True) == before


def test_an_unknown_event_is_answered_not_ignored(app, tables, socket_client):
    sock = socket_client(browser_as(app, tables, "participant"), table_id=tables["a"]["id"], role=PHONE)
    assert sock.emit("delete_everything", {}, callback=True)["error"] == "invalid_payload"


def test_a_connection_with_a_malformed_handshake_is_refused(app, tables):
    from facilitator import socketio

    http = browser_as(app, tables, "facilitator")
    for auth in (None, "console", {"table": "1", "role": "console"}, {"table": 1, "role": "admin"},
                 {"table": True, "role": "console"}, {"table": 1, "role": "console", "extra": 1}):
        assert not socketio.test_client(app, flask_test_client=http, auth=auth).is_connected()


def test_error_messages_follow_the_language_of_the_browser(app, tables, socket_client):
    http = browser_as(app, tables, "participant")
    nl = socket_client(http, table_id=tables["a"]["id"], role=PHONE).emit("set_phase", {"phase": "kaders"}, callback=True)
    http.get("/lang/en")
    en = socket_client(http, table_id=tables["a"]["id"], role=PHONE).emit("set_phase", {"phase": "kaders"}, callback=True)
    assert nl["message"].startswith("Je mag") or "niet" in nl["message"]
    assert en["message"] == "You are not allowed to do that at this table."


def test_every_event_a_phone_sends_is_counted():
    """Issue 16, finding 8: a new phone event must say how it is limited
    (facilitator/event_limits.py), or it would let a script flood the table."""
    from facilitator.event_limits import PER_PARTICIPANT, READS_ONLY

    counted_in_the_service = {"submit_argument"}  # ARGUMENTS_PER_MINUTE, in the database
    phone_events = {name for name, roles in EVENT_RULES.items() if PHONE in roles}
    assert phone_events == set(PER_PARTICIPANT) | counted_in_the_service
    assert READS_ONLY <= set(PER_PARTICIPANT)  # not at the table's ceiling, but per participant
