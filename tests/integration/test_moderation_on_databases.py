"""Pre-moderation, the author told of a hidden argument, and undoing a merge, against
SQLite and PostgreSQL: who hears what, and a merge undone exactly."""
import pytest
from sqlmodel import select

from sessions import argument_services as args, cluster_services, commands, minutes, table_services
from sessions.arguments import Reaction
from sessions.clock import utcnow
from sessions.errors import DomainError
from sessions.unit_of_work import UnitOfWork

from .test_arguments_on_databases import cid, phones, snapshot, submit, table  # noqa: F401 (fixtures)


def premoderate(uow, table, on=True):
    return args.set_premoderation(uow, commands.SetPremoderation(on=on), table_id=table["id"])


def approve(uow, table, *ids):
    return args.approve_arguments(uow, commands.ApproveArguments(argument_ids=list(ids)), table_id=table["id"])


def ids(view_list):
    return [a["id"] for a in view_list]


def test_a_waiting_argument_reaches_only_the_console_and_its_author_until_approved(uow, table, phones):
    changed = premoderate(uow, table).events
    assert [(e.name, e.payload) for e in changed] == [("premoderation_changed", {"premoderation": True})]
    waiting_id, _, events = submit(uow, table, phones[0], text="Die klootzak van nummer 12")
    [event] = events
    assert event.console_only and event.console_payload["argument"]["waiting"] is True
    assert event.author_id == phones[0]
    assert event.author_payload["argument"]["waiting"] is True and event.author_payload["argument"]["mine"]
    # The wall and another phone: not in their snapshot.
    assert waiting_id not in ids(snapshot(uow, table)["arguments"])
    assert waiting_id not in ids(snapshot(uow, table, participant_id=phones[1])["arguments"])
    mine = snapshot(uow, table, participant_id=phones[0])["arguments"]
    assert [(a["id"], a["waiting"], a["mine"]) for a in mine] == [(waiting_id, True, True)]
    assert snapshot(uow, table, console=True)["arguments"][0]["waiting"] is True

    outcome = approve(uow, table, waiting_id)
    assert outcome.ack == {"approved": [waiting_id]}
    [event] = outcome.events
    assert not event.console_only and event.public_name == "argument_added"
    assert event.payload["argument"]["visible"] is True and event.payload["argument"]["text"].startswith("Die")
    assert event.author_payload["argument"]["waiting"] is False
    assert waiting_id in ids(snapshot(uow, table)["arguments"])
    with pytest.raises(DomainError, match="argument_not_waiting"):
        approve(uow, table, waiting_id)


def test_the_facilitators_paper_card_never_waits(uow, table, phones):
    premoderate(uow, table)
    outcome = args.submit_argument(uow, commands.CaptureArgument(client_id=cid(), stance="idee", text="Van papier"),
                                   table_id=table["id"], participant_id=None)
    [event] = outcome.events
    assert not event.console_only and event.payload["argument"]["visible"] is True and event.author_id is None


def test_approve_all_approves_what_the_queue_showed_and_passes_over_what_no_longer_waits(uow, table, phones):
    premoderate(uow, table)
    first, _, _ = submit(uow, table, phones[0], text="Bankjes")
    second, _, _ = submit(uow, table, phones[1], text="Bomen")
    withdrawn, _, _ = submit(uow, table, phones[2], text="Toch niet")
    args.withdraw_own_argument(uow, commands.WithdrawArgument(argument_id=withdrawn), table_id=table["id"],
                               participant_id=phones[2])
    later, _, _ = submit(uow, table, phones[2], text="Kwam later")
    outcome = approve(uow, table, first, second, withdrawn)
    assert outcome.ack == {"approved": [first, second]}
    assert [e.public_name for e in outcome.events] == ["argument_added", "argument_added"]
    assert ids(snapshot(uow, table)["arguments"]) == [first, second]
    assert snapshot(uow, table, console=True)["arguments"][-1]["id"] == later
    assert snapshot(uow, table, console=True)["arguments"][-1]["waiting"] is True


def test_hiding_a_waiting_argument_tells_only_its_author_with_the_reason(uow, table, phones):
    premoderate(uow, table)
    waiting_id, _, _ = submit(uow, table, phones[0], text="Bel mij: 06-12345678")
    [event] = args.hide_argument(uow, commands.HideArgument(argument_id=waiting_id, reason="Bevat een telefoonnummer"),
                                 table_id=table["id"]).events
    assert event.console_only
    assert event.author_payload["argument"]["hidden_reason"] == "Bevat een telefoonnummer"
    assert waiting_id not in ids(snapshot(uow, table, participant_id=phones[1])["arguments"])
    [mine] = snapshot(uow, table, participant_id=phones[0])["arguments"]
    assert mine["hidden_reason"] == "Bevat een telefoonnummer" and mine["waiting"] is False
    with pytest.raises(DomainError, match="argument_not_waiting"):
        approve(uow, table, waiting_id)
    # Showing it again is the facilitator's choice: it goes on the wall.
    [shown] = args.unhide_argument(uow, commands.UnhideArgument(argument_id=waiting_id), table_id=table["id"]).events
    assert not shown.console_only and shown.payload["argument"]["visible"] is True


def test_hiding_an_argument_on_the_wall_drops_it_for_others_and_tells_its_author_why(uow, table, phones):
    argument_id, _, _ = submit(uow, table, phones[0], text="Die van nummer 14 zeurt")
    [event] = args.hide_argument(uow, commands.HideArgument(argument_id=argument_id, reason="Persoonlijke aanval"),
                                 table_id=table["id"]).events
    assert event.payload["argument"] == {"id": argument_id, "visible": False}
    assert event.author_payload["argument"]["hidden_reason"] == "Persoonlijke aanval"
    assert argument_id not in ids(snapshot(uow, table)["arguments"])
    [mine] = snapshot(uow, table, participant_id=phones[0])["arguments"]
    assert mine["hidden_reason"] == "Persoonlijke aanval"
    with pytest.raises(DomainError, match="argument_not_visible"):
        args.edit_own_argument(uow, commands.EditArgument(argument_id=argument_id, stance="voor", text="Sorry"),
                               table_id=table["id"], participant_id=phones[0])


def test_switching_pre_moderation_off_keeps_the_queue_and_lets_new_arguments_through(uow, table, phones):
    premoderate(uow, table)
    waiting_id, _, _ = submit(uow, table, phones[0], text="Nog niet gezien")
    off = premoderate(uow, table, on=False)
    assert off.ack == {"waiting": 1}
    assert snapshot(uow, table, console=True)["premoderation"] is False
    new_id, _, [event] = submit(uow, table, phones[1], text="Meteen op het scherm")
    assert not event.console_only and event.author_id is None
    assert ids(snapshot(uow, table)["arguments"]) == [new_id]
    assert approve(uow, table, waiting_id).ack == {"approved": [waiting_id]}
    assert premoderate(uow, table, on=False).events == []


def test_an_edit_while_pre_moderating_waits_again_and_a_waiting_argument_can_be_withdrawn(uow, table, phones):
    shown_id, _, _ = submit(uow, table, phones[0], text="Meer bankjes")
    premoderate(uow, table)
    [event] = args.edit_own_argument(uow, commands.EditArgument(argument_id=shown_id, stance="voor", text="Klootzakken"),
                                     table_id=table["id"], participant_id=phones[0]).events
    assert event.payload["argument"] == {"id": shown_id, "visible": False}
    assert event.author_payload["argument"]["waiting"] is True
    [gone] = args.withdraw_own_argument(uow, commands.WithdrawArgument(argument_id=shown_id), table_id=table["id"],
                                        participant_id=phones[0]).events
    assert gone.console_only and gone.author_payload["argument"] == {"id": shown_id, "visible": False, "mine": True}


def test_a_waiting_argument_cannot_be_reacted_to_grouped_or_merged(uow, table, phones):
    shown_id, _, _ = submit(uow, table, phones[0], text="Bankjes")
    premoderate(uow, table)
    waiting_id, _, _ = submit(uow, table, phones[1], text="Ook bankjes")
    with pytest.raises(DomainError, match="argument_not_visible"):
        args.merge_arguments(uow, commands.MergeArguments(source_id=waiting_id, target_id=shown_id), table_id=table["id"])
    with pytest.raises(DomainError, match="argument_not_visible"):
        cluster_services.create_cluster(uow, commands.CreateCluster(name="x", argument_ids=[waiting_id]),
                                        table_id=table["id"])
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table["id"])
    with pytest.raises(DomainError, match="argument_not_visible"):
        args.react(uow, commands.React(argument_id=waiting_id, value="agree"), table_id=table["id"],
                   participant_id=phones[2])


def test_the_minutes_leave_out_an_argument_never_approved(uow, table, phones):
    shown_id, _, _ = submit(uow, table, phones[0], text="Bankjes")
    premoderate(uow, table)
    submit(uow, table, phones[1], text="Nooit goedgekeurd")
    record = minutes.table_minutes(uow, table_id=table["id"], now=utcnow())
    assert [a["id"] for a in record["arguments"]] == [shown_id]


def reactions_of(uow, argument_id):
    with UnitOfWork(uow._engine) as check:
        return sorted((r.id, r.participant_id, r.value) for r in check.session.exec(
            select(Reaction).where(Reaction.argument_id == argument_id)).all())


def console_view(uow, table, argument_id):
    return next(a for a in snapshot(uow, table, console=True)["arguments"] if a["id"] == argument_id)


def test_undoing_a_merge_restores_the_merged_argument_exactly(uow, table, phones):
    a, _, _ = submit(uow, table, phones[0], text="Bankjes in het park")
    b, _, _ = submit(uow, table, phones[1], text="Meer bankjes in het park!")
    earlier, _, _ = submit(uow, table, phones[2], text="Bankjes graag")
    group = cluster_services.create_cluster(uow, commands.CreateCluster(name="Groen", argument_ids=[b]),
                                            table_id=table["id"]).ack["cluster_id"]
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table["id"])
    react = lambda argument_id, phone, value: args.react(  # noqa: E731
        uow, commands.React(argument_id=argument_id, value=value), table_id=table["id"], participant_id=phones[phone])
    react(a, 2, "agree")
    react(b, 2, "disagree")  # phone 2 reacted to both: dropped from b when merged
    react(b, 0, "agree")     # moves along to a
    react(earlier, 1, "pass")
    args.merge_arguments(uow, commands.MergeArguments(source_id=earlier, target_id=b), table_id=table["id"])
    before = {"b": reactions_of(uow, b), "a": reactions_of(uow, a), "view": console_view(uow, table, b)}

    args.merge_arguments(uow, commands.MergeArguments(source_id=b, target_id=a), table_id=table["id"])
    merged = console_view(uow, table, b)
    assert merged["merged_into_id"] == a and merged["merge_undoable"] is True
    assert console_view(uow, table, earlier)["merged_into_id"] == a  # followed b into a
    assert console_view(uow, table, earlier)["merge_undoable"] is False  # b's merge is undone first
    with pytest.raises(DomainError, match="undo_later_merge_first"):
        args.undo_merge(uow, commands.UndoMerge(argument_id=earlier), table_id=table["id"])
    assert console_view(uow, table, a)["supporters"] == 3

    outcome = args.undo_merge(uow, commands.UndoMerge(argument_id=b), table_id=table["id"])
    assert [e.payload["argument"]["id"] for e in outcome.events] == [b, a]
    assert outcome.events[0].payload["argument"]["visible"] is True
    assert reactions_of(uow, b) == before["b"] and reactions_of(uow, a) == before["a"]
    assert console_view(uow, table, b) == before["view"]
    assert console_view(uow, table, b)["supporters"] == 2 and console_view(uow, table, a)["supporters"] == 1
    assert console_view(uow, table, earlier)["merged_into_id"] == b
    assert next(c for c in snapshot(uow, table)["clusters"] if c["id"] == group)["argument_ids"] == [b]
    with pytest.raises(DomainError, match="argument_not_merged"):
        args.undo_merge(uow, commands.UndoMerge(argument_id=b), table_id=table["id"])
    # The earlier merge can be undone now too, and merging again works as before.
    args.undo_merge(uow, commands.UndoMerge(argument_id=earlier), table_id=table["id"])
    assert reactions_of(uow, earlier)[0][1:] == (phones[1], "pass")
    args.merge_arguments(uow, commands.MergeArguments(source_id=b, target_id=a), table_id=table["id"])
    assert console_view(uow, table, a)["supporters"] == 2


def test_undoing_a_merge_tells_the_merged_arguments_author(uow, table, phones):
    a, _, _ = submit(uow, table, phones[0], text="Bankjes")
    b, _, _ = submit(uow, table, phones[1], text="Bankjes!")
    args.merge_arguments(uow, commands.MergeArguments(source_id=b, target_id=a), table_id=table["id"])
    assert b not in ids(snapshot(uow, table, participant_id=phones[1])["arguments"])
    source_event, _ = args.undo_merge(uow, commands.UndoMerge(argument_id=b), table_id=table["id"]).events
    assert source_event.author_id == phones[1] and source_event.author_payload["argument"]["visible"] is True
    assert b in ids(snapshot(uow, table, participant_id=phones[1])["arguments"])
