import pytest
from tests.support.web import Organiser


@pytest.fixture
def organiser(server):
    return Organiser(server.url).set_up(server.setup_link())


@pytest.fixture
def table(organiser):
    return organiser.create_table(organiser.create_round())
