"""Presence kept in Redis for several processes (facilitator/presence.py), on the local Redis."""
import socket
import time
import uuid

import pytest

from facilitator.presence import LocalPresence, SharedPresence, presence_for


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
        return True
    except OSError:
        return False


TTL_S = 0.6


@pytest.fixture
def processes():
    """Two processes' presences on one Redis, under a prefix of this test's own."""
    if not _redis_reachable():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", decode_responses=True)
    prefix = f"buurttafel-test-{uuid.uuid4().hex[:8]}"
    yield [SharedPresence(client, prefix=prefix, ttl_s=TTL_S) for _ in range(2)]
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_each_process_counts_the_phones_of_all_of_them(processes):
    a, b = processes
    a.arrived("sid-1", table_id=7, participant_id=1)
    b.arrived("sid-2", table_id=7, participant_id=2)
    b.arrived("sid-3", table_id=7, participant_id=1)  # the same person's second phone
    b.arrived("sid-4", table_id=8, participant_id=3)
    assert a.online(7) == b.online(7) == [1, 2]
    assert b.left("sid-3") == 7 and a.online(7) == [1, 2]
    assert b.left("sid-2") == 7 and a.online(7) == [1]
    assert a.left("unknown") is None


def test_the_phones_of_a_process_that_stopped_renewing_drop_out(processes):
    a, b = processes
    arrived_at = time.monotonic()
    a.arrived("sid-1", table_id=7, participant_id=1)
    b.arrived("sid-2", table_id=7, participant_id=2)
    reported = []
    # b keeps renewing; a is stuck or dead. Sweep until a's phone is gone, with a deadline far
    # beyond the TTL: on a busy machine a sleep overshoots, so no fixed number of sweeps is enough.
    deadline = arrived_at + TTL_S * 20
    while not reported and time.monotonic() < deadline:
        reported += b.renew_and_sweep({7})
        if not reported:
            time.sleep(b.renew_every_s)
    dropped_after_s = time.monotonic() - arrived_at
    assert b.online(7) == [2] and reported == [7]
    assert dropped_after_s >= TTL_S * 0.9, "a phone was dropped before its renewal was due"
    # a was only stuck (a long computation): its next renewal brings its phone back, and says so.
    assert a.renew_and_sweep({7}) == [7] and b.online(7) == [1, 2]
    assert a.renew_and_sweep({7}) == []


def test_a_sweep_reports_a_table_only_to_the_process_that_removed_phones(processes):
    a, b = processes
    a.arrived("sid-1", table_id=7, participant_id=1)
    time.sleep(TTL_S * 1.2)
    a._phones.clear()  # a is gone: nobody renews its phone any more
    assert b.online(7) == []
    assert b.renew_and_sweep({7}) == [7]
    assert b.renew_and_sweep({7}) == []


def test_a_renewal_does_not_bring_back_a_phone_that_left(processes):
    a, _ = processes
    a.arrived("sid-1", table_id=7, participant_id=1)
    a.left("sid-1")
    a.renew_and_sweep({7})
    assert a.online(7) == []


def test_one_process_keeps_presence_in_memory():
    presence = presence_for({"MESSAGE_QUEUE": None})
    assert type(presence) is LocalPresence and not presence.shared
    presence.arrived("sid-1", table_id=7, participant_id=1)
    presence.arrived("sid-2", table_id=7, participant_id=1)
    assert presence.online(7) == [1] and presence.left("sid-1") == 7 and presence.online(7) == [1]
    with pytest.raises(ValueError):
        presence_for({"MESSAGE_QUEUE": "amqp://127.0.0.1//"})
