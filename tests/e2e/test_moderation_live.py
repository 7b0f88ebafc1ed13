"""Pre-moderation, a hidden argument told to its author, and a merge undone, through a real
server process with real socket clients: what the wall and the other phones receive."""
import json
import uuid

from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone, open_link

ABUSE = "Die klootzak van nummer 12 moet oprotten"


def argument(text: str, stance: str = "voor") -> dict:
    return {"client_id": str(uuid.uuid4()), "stance": stance, "text": text}


def connect(server, table, session, role):
    client = RecordingClient(server.url, session, table_id=table["id"], role=role).connect()
    client.wait_for("snapshot")
    return client


def heard(client, text: str) -> bool:
    """Whether anything this client received holds `text` (in any event, any field)."""
    with client._changed:
        return text in json.dumps(client.received, ensure_ascii=False)


def sequenced(client) -> list[int]:
    with client._changed:
        return [data["seq"] for name, data in client.received
                if name not in ("snapshot", "presence_changed") and "seq" in data]


def no_gaps(client) -> bool:
    seqs = sequenced(client)
    return seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else True


def table_in_inbreng(server, table, *, premoderation=True):
    console = connect(server, table, open_link(table["console"]), "console")
    assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
    if premoderation:
        assert console.emit("set_premoderation", {"on": True})["ok"]
    return console


def test_a_waiting_argument_reaches_the_wall_and_other_phones_only_once_approved(server, table):
    console = table_in_inbreng(server, table)
    wall = connect(server, table, open_link(table["wall"]), "wall")
    author_session = join_as_phone(table, "Kees")
    author = connect(server, table, author_session, "phone")
    other = connect(server, table, join_as_phone(table, "Anna"), "phone")

    ack = author.emit("submit_argument", argument(ABUSE, "tegen"))
    assert ack["ok"], ack
    argument_id, seq = ack["argument_id"], ack["seq"]
    assert console.wait_for("argument_added", lambda e: e["seq"] == seq)["argument"]["waiting"] is True
    own = author.wait_for("own_argument_changed", lambda e: e["seq"] == seq)["argument"]
    assert own["waiting"] is True and own["text"] == ABUSE
    for client in (wall, other):
        assert client.wait_for("unseen_change", lambda e: e["seq"] == seq) == {"table_id": table["id"], "seq": seq}

    # The author reloads mid-wait: the snapshot still shows it waiting, to them alone.
    author.disconnect()
    author = connect(server, table, author_session, "phone")
    mine = [a for a in author.events("snapshot")[-1]["arguments"] if a["id"] == argument_id]
    assert mine and mine[0]["waiting"] is True and mine[0]["mine"] is True
    assert argument_id not in [a["id"] for a in other.emit("request_snapshot")["snapshot"]["arguments"]]
    assert argument_id not in [a["id"] for a in wall.emit("request_snapshot")["snapshot"]["arguments"]]
    assert not heard(wall, ABUSE) and not heard(other, ABUSE)

    approved = console.emit("approve_arguments", {"argument_ids": [argument_id]})
    assert approved["ok"] and approved["approved"] == [argument_id]
    for client in (wall, other):
        added = client.wait_for("argument_added", lambda e: e["argument"]["id"] == argument_id)
        assert added["argument"]["text"] == ABUSE and added["argument"]["visible"] is True
    now = author.wait_for("own_argument_changed", lambda e: e["argument"]["id"] == argument_id
                          and e["argument"]["waiting"] is False)
    assert now["argument"]["visible"] is True

    # A later change as a barrier: by then everything before it has arrived, exactly once.
    barrier = console.emit("set_input_open", {"open": False})["seq"]
    for client in (wall, other):
        client.wait_for("input_changed", lambda e: e["seq"] == barrier)
        assert [e["argument"]["id"] for e in client.events("argument_added")].count(argument_id) == 1
        assert no_gaps(client)


def test_approve_all_puts_every_waiting_argument_on_the_wall_in_one_action(server, table):
    console = table_in_inbreng(server, table)
    wall = connect(server, table, open_link(table["wall"]), "wall")
    phones = [connect(server, table, join_as_phone(table), "phone") for _ in range(3)]
    texts = [f"Wachtend argument {n}" for n in range(3)]
    ids = [phone.emit("submit_argument", argument(text))["argument_id"] for phone, text in zip(phones, texts)]
    console_seq = console.emit("request_snapshot")["snapshot"]["seq"]
    queue = [a["id"] for a in console.emit("request_snapshot")["snapshot"]["arguments"] if a["waiting"]]
    assert queue == ids and console_seq
    assert not any(heard(wall, text) for text in texts)

    approved = console.emit("approve_arguments", {"argument_ids": queue})
    assert approved["ok"] and approved["approved"] == ids
    for argument_id in ids:
        wall.wait_for("argument_added", lambda e, i=argument_id: e["argument"]["id"] == i)
    again = console.emit("approve_arguments", {"argument_ids": queue})
    assert again["ok"] is False and again["error"] == "argument_not_waiting" and again["message"]
    assert [a["id"] for a in wall.emit("request_snapshot")["snapshot"]["arguments"]] == ids
    assert no_gaps(wall)


def test_hiding_a_waiting_argument_tells_its_author_the_reason_and_nobody_else_anything(server, table):
    console = table_in_inbreng(server, table)
    wall = connect(server, table, open_link(table["wall"]), "wall")
    author = connect(server, table, join_as_phone(table), "phone")
    other = connect(server, table, join_as_phone(table), "phone")
    argument_id = author.emit("submit_argument", argument("Bel mij: 06-12345678"))["argument_id"]
    reason = "Bevat een telefoonnummer"
    hidden = console.emit("hide_argument", {"argument_id": argument_id, "reason": reason})
    assert hidden["ok"], hidden
    told = author.wait_for("own_argument_changed", lambda e: e["seq"] == hidden["seq"])["argument"]
    assert told["hidden_reason"] == reason and told["visible"] is False and told["text"] == "Bel mij: 06-12345678"
    for client in (wall, other):
        client.wait_for("unseen_change", lambda e: e["seq"] == hidden["seq"])
        assert not heard(client, reason) and not heard(client, "06-12345678")
    assert console.wait_for("argument_changed", lambda e: e["seq"] == hidden["seq"])["argument"]["hidden_reason"] == reason


def test_an_argument_hidden_from_the_wall_stays_on_its_authors_phone_with_the_reason(server, table):
    console = table_in_inbreng(server, table, premoderation=False)
    wall = connect(server, table, open_link(table["wall"]), "wall")
    author_session = join_as_phone(table)
    author = connect(server, table, author_session, "phone")
    argument_id = author.emit("submit_argument", argument("Die van nummer 14 zeurt altijd"))["argument_id"]
    wall.wait_for("argument_added", lambda e: e["argument"]["id"] == argument_id)
    hidden = console.emit("hide_argument", {"argument_id": argument_id, "reason": "Persoonlijke aanval"})
    assert wall.wait_for("argument_changed", lambda e: e["seq"] == hidden["seq"])["argument"] == \
        {"id": argument_id, "visible": False}
    assert author.wait_for("own_argument_changed", lambda e: e["seq"] == hidden["seq"])["argument"]["hidden_reason"] \
        == "Persoonlijke aanval"
    assert not heard(wall, "Persoonlijke aanval")
    author.disconnect()
    again = connect(server, table, author_session, "phone").events("snapshot")[-1]["arguments"]
    assert [(a["id"], a["hidden_reason"]) for a in again] == [(argument_id, "Persoonlijke aanval")]


def test_a_merge_undone_puts_the_argument_back_on_the_wall_as_it_was(server, table):
    console = table_in_inbreng(server, table, premoderation=False)
    wall = connect(server, table, open_link(table["wall"]), "wall")
    phones = [connect(server, table, join_as_phone(table), "phone") for _ in range(2)]
    kept = phones[0].emit("submit_argument", argument("Meer bankjes in het park"))["argument_id"]
    absorbed = phones[1].emit("submit_argument", argument("Bankjes in het park!"))["argument_id"]
    before = {a["id"]: a for a in wall.emit("request_snapshot")["snapshot"]["arguments"]}
    merged = console.emit("merge_arguments", {"source_id": absorbed, "target_id": kept})
    assert merged["ok"]
    assert wall.wait_for("argument_changed", lambda e: e["seq"] == merged["seq"])["argument"]["supporters"] == 2
    undoable = [a for a in console.emit("request_snapshot")["snapshot"]["arguments"] if a["id"] == absorbed][0]
    assert undoable["merge_undoable"] is True

    undone = console.emit("undo_merge", {"argument_id": absorbed})
    assert undone["ok"], undone
    back = wall.wait_for("argument_changed", lambda e: e["argument"]["id"] == absorbed and e["argument"]["visible"])
    assert back["argument"] == before[absorbed]
    assert wall.wait_for("argument_changed", lambda e: e["seq"] == undone["seq"])["argument"] == before[kept]
    # Its author saw it leave their list with the merge, and come back with the undo.
    assert phones[1].wait_for("own_argument_changed", lambda e: e["seq"] == merged["seq"] - 1)["argument"] == \
        {"id": absorbed, "visible": False, "mine": True}
    assert phones[1].wait_for("own_argument_changed", lambda e: e["seq"] == undone["seq"] - 1)["argument"]["visible"]
    refused = console.emit("undo_merge", {"argument_id": absorbed})
    assert refused["ok"] is False and refused["error"] == "argument_not_merged"
    assert no_gaps(wall)
