"""A socket's events see the session it connected with, and the cookie is decoded once
per socket, not once per event (facilitator/socket_session.py)."""
from datetime import date, datetime, timezone

import pytest

from facilitator import socketio, unit_of_work
from facilitator.connections import PHONE
from sessions import account_services, commands, round_services, table_services


@pytest.fixture
def table(app):
    uow = unit_of_work(app)
    organiser = account_services.create_organiser(uow, email="org@example.nl", password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="R", neighbourhood="N",
                                               budget_cents=100, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2))
    made = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title="A",
                                       place="p", starts_at=datetime(2027, 1, 1, 19, tzinfo=timezone.utc))
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=made["id"])
    return made


def phone_of(app, table, *, lang: str | None):
    http = app.test_client()
    participant_id = table_services.join_table(unit_of_work(app), table_id=table["id"], display_name=None).ack[
        "participant_id"]
    with http.session_transaction() as session:
        session["participant_of"] = {str(table["id"]): participant_id}
        if lang:
            session["lang"] = lang
    return http


def count_cookie_decoding(app, monkeypatch) -> list[int]:
    decoded = [0]
    serializer_of = app.session_interface.get_signing_serializer

    def counting(for_app):
        decoded[0] += 1
        return serializer_of(for_app)

    monkeypatch.setattr(app.session_interface, "get_signing_serializer", counting)
    return decoded


def test_the_cookie_is_decoded_when_the_socket_connects_and_not_for_each_event(app, table, monkeypatch):
    http = phone_of(app, table, lang=None)
    decoded = count_cookie_decoding(app, monkeypatch)
    sock = socketio.test_client(app, flask_test_client=http, auth={"table": table["id"], "role": PHONE})
    assert sock.is_connected(), sock.get_received()
    at_connect = decoded[0]
    assert at_connect >= 1
    for _ in range(5):
        ack = sock.emit("react", {"argument_id": 10**6, "value": "agree"}, callback=True)
        assert ack["ok"] is False and ack["error"] == "not_found", ack
    assert decoded[0] == at_connect
    sock.disconnect()


@pytest.mark.parametrize("lang, words", [("en", "could not be found"), (None, "niet vinden")])
def test_an_event_is_answered_in_the_language_of_the_session_the_socket_connected_with(app, table, lang, words):
    sock = socketio.test_client(app, flask_test_client=phone_of(app, table, lang=lang),
                                auth={"table": table["id"], "role": PHONE})
    for _ in range(2):  # the first event after connecting, and one after it
        ack = sock.emit("react", {"argument_id": 10**6, "value": "agree"}, callback=True)
        assert ack["error"] == "not_found" and words in ack["message"].lower(), ack
    sock.disconnect()
