"""A database that is away for a moment gives a clear "try again", never a server error.
The real outage, through a proxy in front of PostgreSQL, is in tests/e2e/test_database_outage.py."""
import pytest
from sqlalchemy.exc import OperationalError

from facilitator.connections import CONSOLE, PHONE
from tests.integration.test_socket_permissions import browser_as, tables  # noqa: F401 (fixture)


def lost_connection(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection unexpectedly"))


def test_an_event_while_the_database_is_away_gets_a_try_again_ack(app, tables, socket_client, monkeypatch):  # noqa: F811
    sock = socket_client(browser_as(app, tables, "participant"), table_id=tables["a"]["id"], role=PHONE)
    monkeypatch.setattr("sessions.argument_services.submit_argument", lost_connection)
    ack = sock.emit("submit_argument", {"client_id": "0a5c1f3e-aaaa-bbbb-cccc-111122223333", "stance": "voor",
                                        "text": "Bankjes"}, callback=True)
    assert ack["ok"] is False and ack["error"] == "database_unavailable"
    assert "opnieuw" in ack["message"]


def test_a_console_event_whose_link_check_meets_no_database_gets_a_try_again_ack(app, tables, socket_client,  # noqa: F811
                                                                                  monkeypatch):
    sock = socket_client(browser_as(app, tables, "facilitator"), table_id=tables["a"]["id"], role=CONSOLE)
    monkeypatch.setattr("sessions.round_services.table_by_facilitator_token", lost_connection)
    assert sock.emit("start_timer", {}, callback=True)["error"] == "database_unavailable"


def test_connecting_while_the_database_is_away_is_refused_with_try_again(app, tables, monkeypatch):  # noqa: F811
    from facilitator import socketio

    http = browser_as(app, tables, "participant")
    monkeypatch.setattr("sessions.table_services.snapshot", lost_connection)
    sock = socketio.test_client(app, flask_test_client=http, auth={"table": tables["a"]["id"], "role": PHONE})
    assert not sock.is_connected()
    from facilitator.connections import _connections
    assert _connections == {}  # the refused socket left nothing behind


@pytest.mark.parametrize("path", ["/t/ABCDEF", "/organiser"])
def test_a_page_while_the_database_is_away_says_try_again_with_503(app, client, monkeypatch, path):
    monkeypatch.setattr("sessions.round_services.table_by_join_code", lost_connection)
    monkeypatch.setattr("sessions.account_services.organiser_login", lost_connection)
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"
    response = client.get(path)
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert "opnieuw" in response.get_data(as_text=True)
