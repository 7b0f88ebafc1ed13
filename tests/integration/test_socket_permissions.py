"""Every socket event against every kind of sender, built from the event registry:
an event added without a rule and a sample payload here makes this suite fail."""
from datetime import date, datetime, timezone

import pytest

from facilitator import unit_of_work
from facilitator.live import CONSOLE, EVENT_RULES, PHONE, WALL
from sessions import services

# A payload that succeeds for an allowed sender, and what must hold before it.
VALID_PAYLOADS = {
    "request_snapshot": {},
    "set_phase": {"phase": "kaders"},
    "start_timer": {},
    "pause_timer": {},
    "reset_timer": {"duration_s": 300},
}
PREPARE = {"pause_timer": lambda uow, table_id: services.start_timer(uow, table_id=table_id)}

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
    organiser = services.create_organiser(uow, email="org@example.nl", password="lang genoeg wachtwoord")
    budget_round = services.create_round(uow, organiser_id=organiser, name="R", neighbourhood="N", budget_cents=100,
                                         starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2))
    starts = datetime(2027, 1, 1, 19, tzinfo=timezone.utc)
    a, b = (services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title=t, place="p",
                                  starts_at=starts) for t in ("A", "B"))
    return {"organiser": organiser, "a": a, "b": b}


def browser_as(app, tables, identity):
    """A Flask test client whose session holds what this identity opened over HTTP."""
    uow = unit_of_work(app)
    a, b = tables["a"], tables["b"]
    http = app.test_client()
    with http.session_transaction() as session:
        if identity == "participant":
            session["participant_of"] = {str(a["id"]): services.join_table(uow, table_id=a["id"], display_name=None)[0]}
        elif identity == "participant of another table":
            session["participant_of"] = {str(b["id"]): services.join_table(uow, table_id=b["id"], display_name=None)[0]}
        elif identity in ("facilitator", "revoked facilitator"):
            session["console_tokens"] = {str(a["id"]): a["facilitator_token"]}
        elif identity == "facilitator of another table":
            session["console_tokens"] = {str(b["id"]): b["facilitator_token"]}
        elif identity == "wall":
            session["wall_tokens"] = {str(a["id"]): a["wall_token"]}
        elif identity == "wall of another table":
            session["wall_tokens"] = {str(b["id"]): b["wall_token"]}
    return http


def seq_of(app, table_id):
    return services.snapshot(unit_of_work(app), table_id=table_id, for_console=False)["seq"]


def test_every_registered_event_has_a_rule_and_a_sample_payload():
    assert set(EVENT_RULES) == set(VALID_PAYLOADS)


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("event", sorted(VALID_PAYLOADS))
def test_only_the_allowed_senders_can_use_each_event(app, tables, socket_client, event, identity):
    table_id = tables["a"]["id"]
    sock = socket_client(browser_as(app, tables, identity), table_id=table_id, role=IDENTITIES[identity])
    if identity not in MAY_CONNECT:
        assert not sock.is_connected()
        return
    assert sock.is_connected()
    if identity == "revoked facilitator":
        services.revoke_facilitator_link(unit_of_work(app), organiser_id=tables["organiser"], table_id=table_id)
    if event in PREPARE:
        PREPARE[event](unit_of_work(app), table_id)
    before = seq_of(app, table_id)

    ack = sock.emit(event, VALID_PAYLOADS[event], callback=True)

    if identity == "revoked facilitator":
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


@pytest.mark.parametrize("event", ["set_phase", "reset_timer", "start_timer", "request_snapshot"])
def test_malformed_payloads_get_a_clear_error_and_change_nothing(app, tables, socket_client, event):
    table_id = tables["a"]["id"]
    sock = socket_client(browser_as(app, tables, "facilitator"), table_id=table_id, role=CONSOLE)
    before = services.snapshot(unit_of_work(app), table_id=table_id, for_console=True)
    for payload in MALFORMED:
        ack = sock.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"] and ack["message"], (event, payload, ack)
    assert services.snapshot(unit_of_work(app), table_id=table_id, for_console=True) == before


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
