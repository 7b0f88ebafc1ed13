import pytest
from sqlalchemy import text

from facilitator import create_app, socketio
from facilitator.database import make_engine, upgrade_schema
from sessions.unit_of_work import UnitOfWork

from tests.support.postgres import fresh_database, postgres_reachable

POSTGRES = postgres_reachable()


@pytest.fixture(scope="session")
def postgres_url():
    """A database of our own on the local server, dropped at the end."""
    if not POSTGRES:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    with fresh_database() as name:
        yield f"postgresql://127.0.0.1:5432/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as connection:  # every test starts from an empty schema
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    upgrade_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine):
    return UnitOfWork(engine)


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "PUBLIC_URL": "http://buurthuis.local:5000",
        "TESTING": True,
    })
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def socket_client(app):
    """socketio.test_client for a Flask test client that already holds a session."""
    made = []

    def connect(http_client, *, table_id: int, role: str):
        made.append(socketio.test_client(app, flask_test_client=http_client, auth={"table": table_id, "role": role}))
        return made[-1]

    yield connect
    for sock in made:
        if sock.is_connected():
            sock.disconnect()
