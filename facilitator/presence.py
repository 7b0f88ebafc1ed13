"""Presence: which participants have a phone connected right now (the console's list).

One process keeps it in memory. Several processes behind a proxy (MESSAGE_QUEUE set)
keep it in Redis, so a console on one process also counts the phones connected to the
others, and the phones of a process that died stop counting within `ttl_s` seconds.

Not domain state: it lives and dies with the connections, so it stays out of sessions/.
"""
import math
import threading
import time
import uuid
from urllib.parse import urlsplit


class LocalPresence:
    """One process: the phones it holds are all the phones there are."""

    shared = False

    def __init__(self) -> None:
        self._phones: dict[str, tuple[int, int]] = {}  # socket id -> (table id, participant id)
        # table id -> {socket id: participant id}: every phone that connects asks who is
        # online at its table, a thousand at once after a restart; not all phones of the evening.
        self._at_table: dict[int, dict[str, int]] = {}
        self._lock = threading.Lock()

    def arrived(self, sid: str, *, table_id: int, participant_id: int) -> None:
        with self._lock:
            self._remember(sid, table_id, participant_id)

    def _remember(self, sid: str, table_id: int, participant_id: int) -> None:
        self._forget(sid)
        self._phones[sid] = (table_id, participant_id)
        self._at_table.setdefault(table_id, {})[sid] = participant_id

    def _forget(self, sid: str) -> tuple[int, int] | None:
        phone = self._phones.pop(sid, None)
        if phone is not None:
            sockets = self._at_table.get(phone[0], {})
            sockets.pop(sid, None)
            if not sockets:
                self._at_table.pop(phone[0], None)
        return phone

    def left(self, sid: str) -> int | None:
        """Forget a socket; the table it was a phone of, if it was one."""
        with self._lock:
            phone = self._forget(sid)
        return phone[0] if phone else None

    def online(self, table_id: int) -> list[int]:
        with self._lock:
            return sorted(set(self._at_table.get(table_id, {}).values()))


class SharedPresence(LocalPresence):
    """Several processes: one Redis sorted set per table. Each member is one phone socket
    (`participant:process:socket`), scored with the moment it expires. Every process renews
    its own members every ttl_s / 3 seconds; a process that is killed stops renewing, and
    the next sweep by a surviving process drops its phones and tells the consoles.

    Expiry is measured on Redis's clock, so processes on machines whose clocks differ agree.
    Writes happen under the lock so a renewal cannot bring back a phone that just left.
    """

    shared = True

    def __init__(self, redis_client, *, prefix: str, ttl_s: float) -> None:
        super().__init__()
        self._redis = redis_client
        self._prefix = prefix
        self.ttl_s = ttl_s
        self.renew_every_s = ttl_s / 3
        self._process = uuid.uuid4().hex[:12]
        self._clock_offset = 0.0  # Redis's clock minus ours, measured at each renewal

    def _key(self, table_id: int) -> str:
        return f"{self._prefix}:presence:{table_id}"

    def _member(self, sid: str, participant_id: int) -> str:
        return f"{participant_id}:{self._process}:{sid}"

    def _now(self) -> float:
        return time.time() + self._clock_offset

    def _write(self, pipe, table_id: int, members: dict[str, float]) -> None:
        pipe.zadd(self._key(table_id), members)
        # A table nobody is connected to any more leaves no key behind.
        pipe.expire(self._key(table_id), math.ceil(self.ttl_s * 2))

    def arrived(self, sid: str, *, table_id: int, participant_id: int) -> None:
        with self._lock:
            self._remember(sid, table_id, participant_id)
            pipe = self._redis.pipeline(transaction=False)
            self._write(pipe, table_id, {self._member(sid, participant_id): self._now() + self.ttl_s})
            pipe.execute()

    def left(self, sid: str) -> int | None:
        with self._lock:
            phone = self._forget(sid)
            if phone is None:
                return None
            table_id, participant_id = phone
            self._redis.zrem(self._key(table_id), self._member(sid, participant_id))
        return table_id

    def online(self, table_id: int) -> list[int]:
        members = self._redis.zrangebyscore(self._key(table_id), self._now(), "+inf")
        return sorted({int(member.split(":", 1)[0]) for member in members})

    def renew_and_sweep(self, table_ids: set[int]) -> list[int]:
        """Renew this process's phones, then drop the expired members of the tables this
        process serves. Returns the tables whose presence changed, whose consoles need telling:
        phones dropped, or this process's phones back after it was stalled longer than ttl_s."""
        seconds, microseconds = self._redis.time()
        self._clock_offset = seconds + microseconds / 1e6 - time.time()
        expires = self._now() + self.ttl_s
        with self._lock:
            by_table: dict[int, dict[str, float]] = {}
            for sid, (table_id, participant_id) in self._phones.items():
                by_table.setdefault(table_id, {})[self._member(sid, participant_id)] = expires
            pipe = self._redis.pipeline(transaction=False)
            for table_id, members in by_table.items():
                self._write(pipe, table_id, members)
            results = pipe.execute()
        # ZADD counts only members it had to add: ones another process swept meanwhile.
        changed = {table_id for table_id, added in zip(by_table, results[::2]) if added}
        swept = sorted(table_ids)
        pipe = self._redis.pipeline(transaction=False)
        for table_id in swept:
            pipe.zremrangebyscore(self._key(table_id), "-inf", f"({self._now()}")
        # ZREMRANGEBYSCORE is atomic: only the process that removed a member reports it.
        changed |= {table_id for table_id, removed in zip(swept, pipe.execute()) if removed}
        return sorted(changed)


def presence_for(config: dict) -> LocalPresence:
    """In memory for one process; in Redis (the message queue's server) for several."""
    url = config.get("MESSAGE_QUEUE")
    if not url:
        return LocalPresence()
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise ValueError("MESSAGE_QUEUE must be a Redis URL (redis://…): presence is kept there")
    import redis  # only a scaled-out deployment needs it

    return SharedPresence(redis.Redis.from_url(url, decode_responses=True),
                          prefix=config["MESSAGE_QUEUE_CHANNEL"], ttl_s=config["PRESENCE_TTL_S"])
