"""Arguments, moderation and reactions against SQLite and PostgreSQL."""
import threading
import uuid

import pytest
from sqlmodel import select

from sessions import account_services, argument_services as args, commands, table_services, views
from sessions.arguments import Argument, Reaction
from sessions.errors import DomainError, NotFound
from sessions.unit_of_work import UnitOfWork

from .test_services_on_databases import make_table


def cid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def table(uow):
    _, _, table = make_table(uow)
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table["id"])
    return table


@pytest.fixture
def phones(uow, table):
    return [table_services.join_table(uow, table_id=table["id"], display_name=None).ack["participant_id"] for _ in range(3)]


def submit(uow, table, phone, text="Meer bankjes in het park", stance="voor", client_id=None, limit=6):
    """(argument id, whether it was a repeat, events)."""
    outcome = args.submit_argument(uow, commands.SubmitArgument(client_id=client_id or cid(), stance=stance, text=text),
                                   table_id=table["id"], participant_id=phone, per_minute_limit=limit)
    return outcome.ack["argument_id"], outcome.ack["repeat"], outcome.events


def snapshot(uow, table, **kw):
    return table_services.snapshot(uow, table_id=table["id"], for_console=kw.pop("console", False), **kw)


def test_an_argument_is_stored_once_however_often_it_is_sent(uow, table, phones):
    client_id = cid()
    first_id, repeat, events = submit(uow, table, phones[0], client_id=client_id)
    assert not repeat and events[0].name == "argument_added"
    assert events[0].payload["argument"]["text"] == "Meer bankjes in het park"
    assert "author" not in events[0].payload["argument"] and events[0].console_payload["argument"]["author"]["number"] == 1
    for _ in range(3):
        assert submit(uow, table, phones[0], client_id=client_id) == (first_id, True, [])
    assert len(snapshot(uow, table)["arguments"]) == 1


@pytest.mark.parametrize("premoderation", [False, True])
def test_a_new_arguments_event_shows_the_row_as_stored(uow, table, phones, premoderation):
    # The event is built from the values inserted, not from the row read back: they must agree.
    if premoderation:
        args.set_premoderation(uow, commands.SetPremoderation(on=True), table_id=table["id"])
    argument_id, _, events = submit(uow, table, phones[1], stance="tegen")
    with uow:
        stored = uow.session.get(Argument, argument_id)
        public, console, own = views.argument_views(uow.session, stored, new=True)
        assert stored.client_id and not stored.via_facilitator and not stored.pinned
    (event,) = events
    assert event.payload == {"argument": public} and event.console_payload == {"argument": console}
    assert console["author"] == {"id": phones[1], "number": 2, "display_name": None}
    assert console["waiting"] is premoderation and event.console_only is premoderation
    assert (event.author_id, event.author_payload) == ((phones[1], {"argument": own}) if premoderation else (None, None))


def test_another_participant_cannot_claim_someone_elses_client_id(uow, table, phones):
    client_id = cid()
    submit(uow, table, phones[0], client_id=client_id)
    with pytest.raises(DomainError, match="invalid_payload"):
        submit(uow, table, phones[1], client_id=client_id, text="iets anders")


def test_the_same_argument_arriving_twice_at_once_is_stored_once(engine, table, phones):
    client_id, results, errors = cid(), [], []

    def send():
        try:
            results.append(submit(UnitOfWork(engine), table, phones[0], client_id=client_id))
        except Exception as error:  # pragma: no cover
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len({r[0] for r in results}) == 1 and sum(not r[1] for r in results) == 1


@pytest.mark.parametrize("stance, text, code", [
    ("voor", "", "argument_text_required"), ("voor", "   \n ", "argument_text_required"),
    ("voor", "x" * 1001, "argument_text_too_long"), ("misschien", "tekst", "unknown_stance"),
    (None, "tekst", "unknown_stance"), ("voor", 42, "argument_text_required"),
])
def test_bad_arguments_are_refused_and_nothing_is_stored(uow, table, phones, stance, text, code):
    before = snapshot(uow, table)
    with pytest.raises(DomainError) as refused:
        submit(uow, table, phones[0], stance=stance, text=text)
    assert refused.value.code == code
    assert snapshot(uow, table) == before


def test_a_thousand_characters_and_line_breaks_are_kept(uow, table, phones):
    text = "Eerste punt\n\n\n\nTweede   punt " + "x" * 970
    _, _, events = submit(uow, table, phones[0], text=text)
    assert events[0].payload["argument"]["text"].startswith("Eerste punt\n\nTweede punt x")


def test_a_participant_may_send_six_arguments_a_minute_and_a_neighbour_is_not_affected(uow, table, phones):
    for n in range(6):
        submit(uow, table, phones[0], text=f"argument {n}")
    with pytest.raises(DomainError, match="too_many_arguments"):
        submit(uow, table, phones[0], text="nummer zeven")
    submit(uow, table, phones[1], text="van de buurvrouw")  # same room, same IP: not affected
    args.submit_argument(uow, commands.SubmitArgument(client_id=cid(), stance="idee", text="via de gespreksleider"), table_id=table["id"], participant_id=None, per_minute_limit=6)
    assert len(snapshot(uow, table)["arguments"]) == 8


def test_input_closes_with_the_phase_or_by_the_facilitator(uow, table, phones):
    table_services.set_phase(uow, commands.SetPhase(phase="ordenen"), table_id=table["id"])
    with pytest.raises(DomainError, match="input_closed"):
        submit(uow, table, phones[0])
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table["id"])
    assert args.set_input_open(uow, commands.SetInputOpen(open=False), table_id=table["id"]).events[0].payload == {"input_open": False}
    with pytest.raises(DomainError, match="input_closed"):
        submit(uow, table, phones[0])
    args.set_input_open(uow, commands.SetInputOpen(open=True), table_id=table["id"])
    submit(uow, table, phones[0])


def test_authors_edit_and_withdraw_only_their_own(uow, table, phones):
    argument_id, _, _ = submit(uow, table, phones[0])
    with pytest.raises(DomainError, match="not_your_argument"):
        args.edit_own_argument(uow, commands.EditArgument(argument_id=argument_id, text="gekaapt", stance="tegen"), table_id=table["id"], participant_id=phones[1])
    args.edit_own_argument(uow, commands.EditArgument(argument_id=argument_id, text="Meer bankjes bij de speeltuin", stance="idee"), table_id=table["id"], participant_id=phones[0])
    assert snapshot(uow, table)["arguments"][0]["text"] == "Meer bankjes bij de speeltuin"
    events = args.withdraw_own_argument(uow, commands.WithdrawArgument(argument_id=argument_id), table_id=table["id"], participant_id=phones[0]).events
    assert events[0].payload["argument"] == {"id": argument_id, "visible": False}
    assert snapshot(uow, table)["arguments"] == []
    assert snapshot(uow, table, console=True)["arguments"][0]["withdrawn"] is True


def test_hiding_needs_a_reason_keeps_it_in_the_record_and_can_be_undone(uow, table, phones):
    argument_id, _, _ = submit(uow, table, phones[0])
    with pytest.raises(DomainError, match="hide_reason_required"):
        args.hide_argument(uow, commands.HideArgument(argument_id=argument_id, reason="  "), table_id=table["id"])
    events = args.hide_argument(uow, commands.HideArgument(argument_id=argument_id, reason="Persoonlijke aanval"), table_id=table["id"]).events
    assert events[0].payload["argument"] == {"id": argument_id, "visible": False}
    assert events[0].console_payload["argument"]["hidden_reason"] == "Persoonlijke aanval"
    assert snapshot(uow, table)["arguments"] == []
    args.unhide_argument(uow, commands.UnhideArgument(argument_id=argument_id), table_id=table["id"])
    assert len(snapshot(uow, table)["arguments"]) == 1


def test_no_reactions_to_hidden_arguments_and_only_while_weighing(uow, table, phones):
    argument_id, _, _ = submit(uow, table, phones[0])
    with pytest.raises(DomainError, match="reactions_closed"):
        args.react(uow, commands.React(argument_id=argument_id, value="agree"), table_id=table["id"], participant_id=phones[1])
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table["id"])
    args.hide_argument(uow, commands.HideArgument(argument_id=argument_id, reason="dubbel"), table_id=table["id"])
    with pytest.raises(DomainError, match="argument_not_visible"):
        args.react(uow, commands.React(argument_id=argument_id, value="agree"), table_id=table["id"], participant_id=phones[1])
    with uow:
        assert uow.session.exec(select(Reaction)).all() == []


def test_one_reaction_per_participant_per_argument_which_can_change(uow, table, phones):
    argument_id, _, _ = submit(uow, table, phones[0])
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table["id"])
    args.react(uow, commands.React(argument_id=argument_id, value="agree"), table_id=table["id"], participant_id=phones[1])
    args.react(uow, commands.React(argument_id=argument_id, value="agree"), table_id=table["id"], participant_id=phones[2])
    assert args.react(uow, commands.React(argument_id=argument_id, value="agree"), table_id=table["id"], participant_id=phones[2]).events == []
    event = args.react(uow, commands.React(argument_id=argument_id, value="disagree"), table_id=table["id"], participant_id=phones[2]).events[0]
    assert event.payload == {"argument_id": argument_id, "reactions": {"agree": 1, "disagree": 1, "pass": 0}}
    me = snapshot(uow, table, participant_id=phones[2])["me"]
    assert me["reactions"] == {str(argument_id): "disagree"}
    with pytest.raises(DomainError, match="unknown_reaction"):
        args.react(uow, commands.React(argument_id=argument_id, value="love"), table_id=table["id"], participant_id=phones[1])


def test_merging_duplicates_combines_supporters_and_reactions(uow, table, phones):
    a, _, _ = submit(uow, table, phones[0], text="Bankjes in het park")
    b, _, _ = submit(uow, table, phones[1], text="Meer bankjes in het park!")
    c, _, _ = submit(uow, table, phones[2], text="Bankjes graag")
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table["id"])
    args.react(uow, commands.React(argument_id=a, value="agree"), table_id=table["id"], participant_id=phones[2])
    args.react(uow, commands.React(argument_id=b, value="disagree"), table_id=table["id"], participant_id=phones[2])
    args.react(uow, commands.React(argument_id=b, value="agree"), table_id=table["id"], participant_id=phones[0])
    args.merge_arguments(uow, commands.MergeArguments(source_id=b, target_id=a), table_id=table["id"])
    args.merge_arguments(uow, commands.MergeArguments(source_id=c, target_id=a), table_id=table["id"])
    visible = snapshot(uow, table)["arguments"]
    assert [v["id"] for v in visible] == [a]
    assert visible[0]["supporters"] == 3
    # phone 2 reacted to both: its reaction on the target stays; phone 0's moves along.
    assert visible[0]["reactions"] == {"agree": 2, "disagree": 0, "pass": 0}
    with pytest.raises(DomainError, match="merge_into_itself"):
        args.merge_arguments(uow, commands.MergeArguments(source_id=a, target_id=a), table_id=table["id"])


def test_the_facilitator_corrects_pins_and_cannot_reach_another_tables_argument(uow, table, phones):
    argument_id, _, _ = submit(uow, table, phones[0], text="Meer bankje in het prak")
    args.correct_argument(uow, commands.CorrectArgument(argument_id=argument_id, text="Meer bankjes in het park", stance="voor"), table_id=table["id"])
    args.pin_argument(uow, commands.PinArgument(argument_id=argument_id, pinned=True), table_id=table["id"])
    view = snapshot(uow, table)["arguments"][0]
    assert view["text"] == "Meer bankjes in het park" and view["pinned"] is True
    organiser = account_services.create_organiser(uow, email="b@example.nl", password="lang genoeg wachtwoord")
    _, _, other = make_table(uow, email="c@example.nl", title="Ander")
    with pytest.raises(NotFound):
        args.hide_argument(uow, commands.HideArgument(argument_id=argument_id, reason="x"), table_id=other["id"])
    assert organiser


def test_every_change_raises_the_sequence_by_one(uow, table, phones):
    before = snapshot(uow, table)["seq"]
    argument_id, _, e1 = submit(uow, table, phones[0])
    e2 = args.pin_argument(uow, commands.PinArgument(argument_id=argument_id, pinned=True), table_id=table["id"]).events
    e3 = args.set_input_open(uow, commands.SetInputOpen(open=False), table_id=table["id"]).events
    assert [e.seq for e in e1 + e2 + e3] == [before + 1, before + 2, before + 3]
    with UnitOfWork(uow._engine) as check:
        assert len(check.session.exec(select(Argument)).all()) == 1
