"""The use cases against a real database: SQLite and the local PostgreSQL."""
import threading
from datetime import date, datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from sessions import account_services, commands, round_services, table_services
from sessions.errors import DomainError, NotFound
from sessions.models import DeliberationTable, Participant, PhaseChange
from sessions.unit_of_work import UnitOfWork

STARTS = datetime(2027, 1, 14, 18, 30, tzinfo=timezone.utc)


def make_table(uow, email="org@example.nl", title="Speeltuin"):
    organiser = account_services.create_organiser(uow, email=email, password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="Buurtbudget Noord",
                                         neighbourhood="Noord", budget_cents=1_250_000,
                                         starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31))
    table = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title=title,
                                  place="Buurthuis", starts_at=STARTS)
    return organiser, budget_round, table


def test_the_migrated_schema_is_exactly_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_an_evening_changes_the_table_step_by_step_with_one_sequence_number_each(uow):
    _, budget_round, table = make_table(uow)
    assert budget_round["budget_cents"] == 1_250_000 and table["phase"] == "welkom"

    joined = table_services.join_table(uow, table_id=table["id"], display_name="  Anna  ").events
    phased = table_services.set_phase(uow, commands.SetPhase(phase="kaders"), table_id=table["id"]).events
    reset = table_services.reset_timer(uow, commands.ResetTimer(duration_s=120), table_id=table["id"]).events
    started = table_services.start_timer(uow, commands.StartTimer(), table_id=table["id"]).events
    assert [e.seq for e in joined + phased + reset + started] == [1, 2, 3, 4]
    assert joined[0].console_payload["participant"]["display_name"] == "Anna"
    assert "participant" not in joined[0].payload

    snap = table_services.snapshot(uow, table_id=table["id"], for_console=True)
    assert snap["seq"] == 4 and snap["phase"] == "kaders" and snap["participant_count"] == 1
    assert snap["timer"]["running"] and snap["timer"]["duration_s"] == 120
    assert snap["round"]["budget_cents"] == 1_250_000
    with uow:
        timeline = uow.session.exec(select(PhaseChange.phase).order_by(PhaseChange.id)).all()
    assert timeline == ["welkom", "kaders"]


def test_a_broken_rule_changes_nothing(uow):
    _, _, table = make_table(uow)
    for bad in ("pauze", None, 7):
        with pytest.raises(DomainError):
            table_services.set_phase(uow, commands.SetPhase(phase=bad), table_id=table["id"])
    with pytest.raises(DomainError):
        table_services.pause_timer(uow, commands.PauseTimer(), table_id=table["id"])
    with pytest.raises(DomainError):
        table_services.join_table(uow, table_id=table["id"], display_name="x" * 41)
    snap = table_services.snapshot(uow, table_id=table["id"], for_console=True)
    assert snap["seq"] == 0 and snap["phase"] == "welkom" and snap["participants"] == []


def test_setting_the_same_phase_twice_tells_nobody(uow):
    _, _, table = make_table(uow)
    assert table_services.set_phase(uow, commands.SetPhase(phase="kaders"), table_id=table["id"])
    assert table_services.set_phase(uow, commands.SetPhase(phase="kaders"), table_id=table["id"]).events == []


def test_another_organiser_sees_nothing_of_my_round(uow):
    _, budget_round, table = make_table(uow)
    stranger = account_services.create_organiser(uow, email="ander@example.nl", password="lang genoeg wachtwoord")
    with pytest.raises(NotFound):
        round_services.round_with_tables(uow, organiser_id=stranger, round_id=budget_round["id"])
    with pytest.raises(NotFound):
        round_services.table_for_organiser(uow, organiser_id=stranger, table_id=table["id"])
    with pytest.raises(NotFound):
        round_services.revoke_facilitator_link(uow, organiser_id=stranger, table_id=table["id"])
    with pytest.raises(NotFound):
        round_services.create_table(uow, organiser_id=stranger, round_id=budget_round["id"], title="t", place="p",
                              starts_at=STARTS)
    assert round_services.rounds_of(uow, stranger) == []


def test_the_setup_link_creates_one_organiser_once(uow):
    token = account_services.issue_setup_token(uow)
    assert account_services.setup_token_is_valid(uow, token)
    account_services.create_first_organiser(uow, setup_token=token, email="Eerste@Example.nl", password="lang genoeg wachtwoord")
    with pytest.raises(DomainError, match="setup_link_invalid"):
        account_services.create_first_organiser(uow, setup_token=token, email="tweede@example.nl", password="lang genoeg wachtwoord")
    assert account_services.issue_setup_token(uow) is None
    assert account_services.authenticate_organiser(uow, email="eerste@example.nl", password="lang genoeg wachtwoord")
    assert account_services.authenticate_organiser(uow, email="eerste@example.nl", password="verkeerd wachtwoord") is None
    assert account_services.authenticate_organiser(uow, email="niemand@example.nl", password="lang genoeg wachtwoord") is None


def test_a_new_start_replaces_an_unused_setup_link(uow):
    first = account_services.issue_setup_token(uow)
    second = account_services.issue_setup_token(uow)
    assert not account_services.setup_token_is_valid(uow, first) and account_services.setup_token_is_valid(uow, second)


def test_an_email_address_holds_one_account(uow):
    account_services.create_organiser(uow, email="org@example.nl", password="lang genoeg wachtwoord")
    with pytest.raises(DomainError, match="email_taken"):
        account_services.create_organiser(uow, email=" ORG@example.nl", password="lang genoeg wachtwoord")


def test_a_join_code_clash_is_settled_by_the_database(uow, monkeypatch):
    codes = iter(["ACEFHJ", "ACEFHJ", "ACEFHK"])
    monkeypatch.setattr(services, "generate_join_code", lambda: next(codes))
    organiser, budget_round, first = make_table(uow)
    second = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title="Tweede",
                                   place="Bieb", starts_at=STARTS)
    assert (first["join_code"], second["join_code"]) == ("ACEFHJ", "ACEFHK")


def test_a_revoked_facilitator_link_no_longer_finds_the_table(uow):
    organiser, _, table = make_table(uow)
    new_token = round_services.revoke_facilitator_link(uow, organiser_id=organiser, table_id=table["id"])
    assert round_services.table_by_facilitator_token(uow, table["facilitator_token"]) is None
    assert round_services.table_by_facilitator_token(uow, new_token).id == table["id"]


def test_phones_joining_at_the_same_moment_each_get_their_own_sequence_number(engine):
    """Twenty joins in parallel threads: no number is shared, none is skipped."""
    _, _, table = make_table(UnitOfWork(engine))
    seqs, errors = [], []

    def join(n):
        try:
            events = table_services.join_table(UnitOfWork(engine), table_id=table["id"], display_name=f"P{n}").events
            seqs.append(events[0].seq)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sorted(seqs) == list(range(1, 21))
    with UnitOfWork(engine) as uow:
        assert len(uow.session.exec(select(Participant)).all()) == 20
        assert uow.session.get(DeliberationTable, table["id"]).seq == 20
