import pytest
from tests.support.server import LiveServer
from tests.support.web import Organiser


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path / "instance").start()
    yield live
    live.stop()


@pytest.fixture
def organiser(server):
    return Organiser(server.url).set_up(server.setup_link())


@pytest.fixture
def table(organiser):
    return organiser.create_table(organiser.create_round())
