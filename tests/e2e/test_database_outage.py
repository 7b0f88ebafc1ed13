"""PostgreSQL away for a few seconds under a real server (run.py): phones that submit
meanwhile get a clear "try again" (database_unavailable), resend as the outbox does, and
after the database is back every argument is stored exactly once.

The machine's PostgreSQL is shared, so it is not stopped: a proxy between the server and
PostgreSQL drops every connection and refuses new ones, which is what the server sees
when the database restarts."""
import threading
import time
import uuid
from collections import Counter

import pytest
import requests

from tests.support.clients import RecordingClient
from tests.support.postgres import fresh_database, postgres_reachable
from tests.support.server import LiveServer
from tests.support.tcp_proxy import TcpProxy
from tests.support.web import Organiser, join_as_phone, open_link

POSTGRES = ("127.0.0.1", 5432)
PHONES, ARGUMENTS_EACH, OUTAGE_S = 10, 6, 4

pytestmark = pytest.mark.postgres


@pytest.fixture
def database():
    """A fresh database of our own on the local PostgreSQL, dropped afterwards."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    with fresh_database("buurttafel_outage") as name:
        yield name


def test_phones_get_try_again_while_the_database_is_away_and_nothing_is_lost_or_doubled(tmp_path, database):
    proxy = TcpProxy(POSTGRES).start()
    server = LiveServer(tmp_path / "instance", env={
        "DATABASE_URL": f"postgresql://127.0.0.1:{proxy.port}/{database}", "ARGUMENTS_PER_MINUTE": "1000"}).start()
    try:
        organiser = Organiser(server.url).set_up(server.setup_link())
        table = organiser.create_table(organiser.create_round())
        console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        console.wait_for("snapshot")
        assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
        phones = [RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
                  for _ in range(PHONES)]
        planned = [[{"client_id": str(uuid.uuid4()), "stance": "voor", "text": f"Argument {n} van telefoon {i}"}
                    for n in range(ARGUMENTS_EACH)] for i in range(PHONES)]
        errors, lock = Counter(), threading.Lock()
        outage = {}
        deadline = time.monotonic() + 60

        def send_all(phone, items):
            for item in items:
                while time.monotonic() < deadline:
                    ack = phone.emit("submit_argument", item)
                    if ack["ok"]:
                        break
                    with lock:
                        errors[ack["error"]] += 1
                    time.sleep(0.3)  # the outbox waits and sends the same argument again
                time.sleep(0.4)  # a person typing the next one

        threads = [threading.Thread(target=send_all, args=pair) for pair in zip(phones, planned)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        outage["cut"] = time.monotonic()
        proxy.cut()
        time.sleep(1)
        page = requests.get(table["join"], timeout=10)
        assert page.status_code == 503 and "opnieuw" in page.text  # a page says the same
        time.sleep(OUTAGE_S - 1)
        proxy.restore()
        outage["restored"] = time.monotonic()
        for thread in threads:
            thread.join()

        assert errors["database_unavailable"] > 0, errors  # the outage was noticed, and said so
        assert set(errors) == {"database_unavailable"}, errors  # never a server error
        message = phones[0].emit("submit_argument", {"client_id": "x"})  # the server works again
        assert message["error"] == "invalid_payload"
        stored = Counter(a["client_id"] for a in console.emit("request_snapshot")["snapshot"]["arguments"])
        every_planned = {item["client_id"] for items in planned for item in items}
        assert set(stored) == every_planned and max(stored.values()) == 1
        # A phone that connects now is served, from a fresh pool connection.
        late = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
        assert len(late.wait_for("snapshot")["arguments"]) == len(every_planned)
        print(f"\ndatabase away {outage['restored'] - outage['cut']:.1f} s: {errors['database_unavailable']} "
              f"'database_unavailable' acks, 0 server errors; {len(every_planned)} arguments stored once each")
    finally:
        server.stop()
        proxy.cut()
