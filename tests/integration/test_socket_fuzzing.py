"""Property-based tests: every registered socket event, sent random and malformed
payloads by a sender who may use it, answers with an ack — an error that changes
nothing in the database, or a success when the random payload happens to be valid —
and never with a server error.

Events come from the registry (EVENT_RULES, EVENT_COMMANDS), and each field is drawn
from its command's declared rule, so a new event is fuzzed without touching this file.
Each event starts from the state in which the permission matrix's sample payload
succeeds; random payloads are drawn around that payload (one field replaced, fields
dropped, unknown ones added) and from nothing at all."""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlmodel import SQLModel

from facilitator import unit_of_work
from facilitator.i18n import ERROR_MESSAGES
from facilitator.connections import CONSOLE, PHONE, WALL
from facilitator.handlers import EVENT_COMMANDS, EVENT_RULES
from sessions import table_services
from tests.integration.test_socket_permissions import browser_as, prepare, tables  # noqa: F401 (fixture)

EXAMPLES_PER_EVENT = int(os.environ.get("FUZZ_EXAMPLES", "30"))  # more for a deeper search by hand
TRIED: dict[str, int] = {}

EDGE_STRINGS = [
    "", " ", "\x00", "tekst\x00met nul", "\ud800", "\udfff", "half \ud83d emoji", "\u202e\u202dgespiegeld\u202c",
    "\u200b", "zero\u200dwidth\u200c", "\ufeffbom", "שלום עולם", "مرحبا", "🏳️‍🌈", "e\u0301", "\uffff", "\U0010ffff",
    "\r\n\t", "<script>window.__pwned=1</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "'; DROP TABLE argument; --", "%s%s%s", "{{7*7}}", "../../etc/passwd", "null", "true", "1", "-1",
    # values that some field somewhere accepts, so a random payload is sometimes valid
    "voor", "tegen", "idee", "agree", "disagree", "pass", "kaders", "inbreng", "verdelen", "besluiten",
    "kiezen", "verdelen", "mes", "greedy", "phragmen", "consent", "unanimity", "consensus", "no_consensus",
    "0a5c1f3e-aaaa-bbbb-cccc-111122223333",
]

any_character = st.characters(exclude_categories=())  # surrogates and control characters included
strings = st.one_of(
    st.sampled_from(EDGE_STRINGS),
    st.text(any_character, max_size=40),
    st.text(max_size=200),
    # huge: past every text limit, and past the socket message limit
    st.builds(lambda unit, n: unit * n, st.sampled_from(["x", "é", "\u200b", "\x00", "\ud800", "😀"]),
              st.integers(1_000, 70_000)),
)
numbers = st.one_of(
    st.integers(-3, 60),  # near the ids and levels a table really has
    st.integers(),        # unbounded: past 64 bits too
    st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, strings)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=15,
)


def nested(value, depth: int, as_list: bool):
    for _ in range(depth):
        value = [value] if as_list else {"x": value}
    return value


deep_values = st.builds(nested, json_values, st.integers(20, 400), st.booleans())
field_values = st.one_of(json_values, deep_values)
unknown_fields = st.dictionaries(st.one_of(st.sampled_from(["id", "table_id", "participant_id", "role", "__proto__",
                                                            "constructor", ""]), st.text(max_size=10)),
                                 json_values, min_size=1, max_size=3)


edge_numbers = st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**30, 1.5, float("nan"), float("inf"), True])
edge_strings = st.one_of(st.sampled_from(EDGE_STRINGS),
                         st.builds(lambda a, b, c: a + b + c, st.sampled_from(["Bankjes ", ""]),
                                   st.sampled_from(EDGE_STRINGS), st.sampled_from([" bij de speeltuin", ""])))


def at_the_edge_of(rule) -> st.SearchStrategy:
    """Values just inside and just outside what a field's declared rule accepts."""
    if rule.kind == "text":
        limit = rule.max_length or 100
        return st.one_of(edge_strings, st.sampled_from(["a" * limit, "a" * (limit + 1), " " * limit + "a"]))
    if rule.kind == "money":
        return st.one_of(edge_strings, edge_numbers, st.sampled_from([
            "3.000", "€ 3.000,50", "3000,-", "3.5", "12,5,0", "-5", "1" * rule.max_length, "1" * (rule.max_length + 1),
            "2.000.000.000", "\u00a03\u202f000"]))
    if rule.kind == "choice":
        return st.one_of(st.sampled_from(rule.choices), edge_strings,
                         st.sampled_from([c.upper() for c in rule.choices] + [c + " " for c in rule.choices]))
    if rule.kind == "boolean":
        return st.one_of(st.booleans(), st.sampled_from([0, 1, "true", None]))
    if rule.kind == "ids":
        return st.one_of(st.lists(st.one_of(st.integers(-3, 60), edge_numbers), max_size=6),
                         st.sampled_from([[], [1, 1, 1], list(range(1001))]))
    if rule.kind == "points":
        return st.dictionaries(st.one_of(st.integers(-3, 60).map(str), st.text(max_size=4)),
                               st.one_of(st.integers(-5, 120), edge_numbers), max_size=6)
    return edge_numbers  # integer, id


def payloads_for(event: str, valid: dict):
    rules = EVENT_COMMANDS[event].rules()
    fields = tuple(rules)
    # A valid payload with one field at its declared edge reaches further than random junk, into storage.
    one_field_at_an_edge = st.one_of(*[
        st.builds(lambda value, field=field: {**valid, field: value}, at_the_edge_of(rule))
        for field, rule in rules.items()]) if rules else st.nothing()
    valid_values = st.sampled_from(list(valid.values())) if valid else st.nothing()
    one_field_wrong = st.builds(lambda field, value: {**valid, field: value},
                                st.sampled_from(fields), field_values) if fields else st.nothing()
    some_fields = st.fixed_dictionaries({}, optional={f: st.one_of(field_values, valid_values) for f in fields})
    return st.one_of(
        one_field_at_an_edge,
        one_field_wrong,
        some_fields,
        st.builds(lambda known, extra: {**known, **extra}, some_fields, unknown_fields),
        st.builds(lambda extra: {**valid, **extra}, unknown_fields),
        json_values.filter(lambda v: not isinstance(v, dict)),
        deep_values,
    )


def database_rows(app) -> dict[str, list[str]]:
    """Every row of every table, to prove an error changed nothing."""
    with app.extensions["engine"].connect() as connection:
        return {table.name: sorted(repr(row) for row in connection.execute(table.select()))
                for table in SQLModel.metadata.sorted_tables}


def sender_for(event: str) -> tuple[str, str]:
    roles = EVENT_RULES[event]
    if CONSOLE in roles:
        return "facilitator", CONSOLE
    if PHONE in roles:
        return "participant", PHONE
    assert WALL in roles
    return "wall", WALL


@pytest.fixture
def printed_total():
    yield
    if len(TRIED) == len(EVENT_RULES):
        print(f"\nfuzzed socket events: {len(TRIED)} events, {sum(TRIED.values())} payloads")


@pytest.mark.parametrize("event", sorted(EVENT_RULES))
def test_every_event_survives_random_and_malformed_payloads(app, tables, socket_client, event, printed_total):  # noqa: F811
    app.config["ARGUMENTS_PER_MINUTE"] = 1_000_000  # the flood limit would hide the text rules
    table_id = tables["a"]["id"]
    identity, role = sender_for(event)
    sock = socket_client(browser_as(app, tables, identity), table_id=table_id, role=role)
    assert sock.is_connected()
    with sock.flask_test_client.session_transaction() as session:
        participant_id = session.get("participant_of", {}).get(str(table_id))
    valid = prepare(event, app, table_id, participant_id)
    sock.get_received()

    @settings(max_examples=EXAMPLES_PER_EVENT, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(payload=payloads_for(event, valid))
    def sends(payload):
        TRIED[event] = TRIED.get(event, 0) + 1
        before = database_rows(app)
        ack = sock.emit(event, payload, callback=True)
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
        if ack["ok"]:
            return  # the random payload was a valid one; what it changed is the event's business
        assert ack["error"] != "server_error", (event, describe(payload))
        assert ack["error"] in ERROR_MESSAGES and ack["message"], ack
        assert database_rows(app) == before, (event, describe(payload), ack)

    sends()
    assert sock.is_connected()
    # The table still works for a valid request after all that.
    assert sock.emit("request_snapshot", {}, callback=True)["ok"]
    assert table_services.snapshot(unit_of_work(app), table_id=table_id, for_console=True)["table_id"] == table_id


def describe(payload) -> str:
    text = json.dumps(payload)
    return text if len(text) < 300 else text[:300] + f"… ({len(text)} characters)"



@pytest.mark.parametrize("table", [2**31, 2**63, -(2**63) - 1, 10**30])
def test_a_handshake_with_a_table_id_no_database_holds_is_refused(app, tables, table):  # noqa: F811
    from facilitator import socketio

    http = browser_as(app, tables, "facilitator")
    assert not socketio.test_client(app, flask_test_client=http, auth={"table": table, "role": CONSOLE}).is_connected()
