"""Closing a big plenary vote (1,000 voters × 40 round options) against a real server:
the three rules run off the event loop (facilitator/offload.py), so a phone of another
round keeps getting acknowledgements meanwhile (the same measure as tests/e2e/test_heavy_work.py)."""
import json
import random
import re

import pytest
from sqlmodel import Session

from sessions.round_votes import RoundBallot, RoundBallotVote, RoundOption
from tests.support.clients import RecordingClient
from tests.support.heavy import PROBE_ENV, AckProbe, database
from tests.support.server import LiveServer
from tests.support.web import join_as_phone, post_form

VOTERS, OPTIONS = 1000, 40
SHARE_OF_IDLE = 0.25


def add_open_round_vote(instance_path, *, round_id: int, table_id: int) -> None:
    """An open plenary vote of the round: 40 options, 1,000 paper votes of five options each,
    written straight into the server's database (casting them one by one is tested elsewhere)."""
    chance = random.Random(17)
    engine = database(instance_path)
    with Session(engine) as session:
        ballot = RoundBallot(round_id=round_id, state="open", budget_cents=5_000_000, wall_token="w" * 43)
        session.add(ballot)
        session.flush()
        options = [RoundOption(round_ballot_id=ballot.id, title=f"Plan {n + 1}", position=n,
                               cost_cents=chance.randint(1, 40) * 50_000) for n in range(OPTIONS)]
        session.add_all(options)
        session.flush()
        ids = [option.id for option in options]
        session.add_all([RoundBallotVote(round_ballot_id=ballot.id, voter_key=f"paper:{table_id}:kaart {n}",
                                         table_id=table_id, paper_label=f"Kaart {n}",
                                         content=json.dumps({"approved": sorted(chance.sample(ids, 5))}))
                         for n in range(VOTERS)])
        session.commit()
    engine.dispose()


@pytest.fixture
def server(tmp_path):
    """The count runs where it does in production: in a worker process; the probe's phone
    may ask for a snapshot more than the 60 a minute of a real phone."""
    live = LiveServer(tmp_path / "instance", env=PROBE_ENV).start()
    yield live
    live.stop()


def test_closing_a_plenary_of_a_thousand_voters_and_forty_options_holds_up_no_phone(server, organiser):
    round_url = organiser.create_round(name="Grote ronde", budget="50.000")
    round_id = int(round_url.rstrip("/").rsplit("/", 1)[1])
    table = organiser.create_table(round_url, title="Plenaire zaal")
    add_open_round_vote(server.instance_path, round_id=round_id, table_id=table["id"])
    other = organiser.create_table(organiser.create_round(name="Andere ronde"), title="Andere tafel")
    phone = RecordingClient(server.url, join_as_phone(other), table_id=other["id"], role="phone").connect()
    phone.wait_for("snapshot")
    builder = f"{round_url}/plenary"
    closed = {}

    def close():
        closed["page"] = post_form(organiser.http, f"{builder}/close", {}, form_page=builder)

    with AckProbe(phone) as probe:
        rate = probe.idle_rate()
        meanwhile, took = probe.during(close)
    assert closed["page"].status_code == 200
    page = organiser.http.get(builder).text
    assert "1000 van de 1000 deelnemers hebben gestemd" in page
    funded = re.findall(r'name="funded" value="(\d+)" checked', page)
    assert funded and len(re.findall(r'name="funded"', page)) == OPTIONS
    print(f"closing {VOTERS} voters x {OPTIONS} options: {took:.1f} s; acks meanwhile: {len(meanwhile)} "
          f"(idle rate {rate:.0f}/s)")
    assert len(meanwhile) >= SHARE_OF_IDLE * rate * took
    phone.disconnect()
