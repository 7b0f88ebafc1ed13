"""The frame agreed by the table (Kaders), on SQLite and PostgreSQL: proposed, answered,
amended, agreed; it then governs Verdelen and Besluiten, and every round stays on record."""
import pytest

from sessions import (
    ballot_services, cluster_services, commands, consensus_services, frame_consent_services, frame_services,
    table_services,
)
from sessions.errors import DomainError

from .test_services_on_databases import make_table

FRAME = {"goals": "Meer plekken om elkaar te ontmoeten.", "roles": "Fatima leidt het gesprek.",
         "conditions": "Alleen eenmalige uitgaven.", "ballot_form": "verdelen", "rule": "greedy",
         "consensus_rule": "consent"}


def seated(uow, table_id, *names):
    return [table_services.join_table(uow, table_id=table_id, display_name=name).ack["participant_id"]
            for name in names]


def signal(uow, table_id, person, level, reason=None):
    return frame_consent_services.give_frame_signal(uow, commands.GiveFrameSignal(level=level, reason=reason),
                                                    table_id=table_id, participant_id=person)


def consent(uow, table_id):
    return table_services.snapshot(uow, table_id=table_id, for_console=True)["frame_consent"]


def test_an_objection_sends_the_frame_back_and_the_amended_frame_is_agreed(uow):
    _, _, table = make_table(uow)
    table_id = table["id"]
    anna, bram, cor = seated(uow, table_id, "Anna", "Bram", "Cor")
    frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table_id)
    opened = frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id).events
    assert opened[0].name == "frame_consent_changed"
    latest = opened[0].payload["frame_consent"]["latest"]
    assert latest["open"] and latest["number"] == 1 and latest["proposal"] == FRAME and latest["decided_by"] == "consent"

    signal(uow, table_id, anna, 1)
    signal(uow, table_id, bram, 2, "Goed, maar kort")
    with pytest.raises(DomainError) as refused:
        signal(uow, table_id, cor, 5)
    assert refused.value.code == "objection_needs_reason"
    changed = signal(uow, table_id, cor, 5, "Geen woord over groen").events[0].payload["frame_consent"]
    assert changed["latest"]["tally"] == {"1": 1, "2": 1, "3": 0, "4": 0, "5": 1}
    assert changed["latest"]["objections"] == ["Geen woord over groen"]
    # The draft stays as it was put while the table answers.
    with pytest.raises(DomainError) as refused:
        frame_services.save_frame(uow, commands.SaveFrame(**{**FRAME, "goals": "Anders"}), table_id=table_id)
    assert refused.value.code == "frame_round_open"

    closed = frame_consent_services.close_frame_round(uow, commands.CloseFrameRound(), table_id=table_id)
    after_first = closed.events[0].payload["frame_consent"]
    assert after_first["latest"]["outcome"] == "no_consensus" and not after_first["latest"]["agreed"]
    assert after_first["agreed"] is None
    with pytest.raises(DomainError) as refused:
        signal(uow, table_id, anna, 1)
    assert refused.value.code == "frame_round_closed"

    amended = {**FRAME, "goals": FRAME["goals"] + "\nMeer groen in de straat."}
    frame_services.save_frame(uow, commands.SaveFrame(**amended), table_id=table_id)
    frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
    for person, level in ((anna, 1), (bram, 1), (cor, 3)):
        signal(uow, table_id, person, level)
    frame_consent_services.give_paper_frame_signal(
        uow, commands.GivePaperFrameSignal(paper_label="Kaart 1", level=2, reason=None), table_id=table_id)
    agreed = frame_consent_services.close_frame_round(uow, commands.CloseFrameRound(), table_id=table_id)
    view = agreed.events[0].payload["frame_consent"]
    assert view["rounds"] == 2 and view["agreed"]["number"] == 2 and view["agreed"]["proposal"] == amended
    assert view["agreed"]["outcome"] == "consent_with_reservations" and view["agreed"]["paper"] == 1
    assert view["agreed"]["tally"] == {"1": 2, "2": 1, "3": 1, "4": 0, "5": 0}
    assert consent(uow, table_id) == view  # the snapshot says what the event said


def test_the_agreed_frame_governs_verdelen_and_besluiten_and_a_later_draft_does_not(uow):
    _, _, table = make_table(uow)
    table_id = table["id"]
    [anna] = seated(uow, table_id, "Anna")
    frame_services.save_frame(uow, commands.SaveFrame(**{**FRAME, "consensus_rule": "unanimity"}), table_id=table_id)
    frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
    signal(uow, table_id, anna, 1)
    frame_consent_services.close_frame_round(uow, commands.CloseFrameRound(), table_id=table_id)
    # The facilitator edits the draft afterwards: it does not govern until the table agrees it.
    frame_services.save_frame(uow, commands.SaveFrame(**{**FRAME, "ballot_form": "kiezen", "rule": "mes",
                                                          "consensus_rule": "consent"}), table_id=table_id)
    assert frame_consent_services_governing(uow, table_id) == {
        **FRAME, "consensus_rule": "unanimity", "agreed": True}
    cluster = cluster_services.create_cluster(uow, commands.CreateCluster(name="Bankjes"), table_id=table_id)
    option = cluster_services.save_option(uow, commands.SaveOption(
        cluster_id=cluster.ack["cluster_id"], title="Bankjes", cost_euros=100), table_id=table_id).ack["option_id"]
    ballots = ballot_services.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table_id)
    assert ballots.events[0].payload["ballots"]["ballot_form"] == "verdelen"
    ballot_services.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table_id)
    proposed = consensus_services.propose(uow, commands.Propose(option_ids=[option]), table_id=table_id)
    assert proposed.events[0].payload["consensus"]["latest"]["consensus_rule"] == "unanimity"


def frame_consent_services_governing(uow, table_id):
    with uow:
        return frame_consent_services.governing_frame(uow.session, table_id)


def test_changing_an_agreed_frame_needs_a_new_round_and_the_record_keeps_both(uow):
    _, _, table = make_table(uow)
    table_id = table["id"]
    [anna] = seated(uow, table_id, "Anna")
    frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table_id)
    for changes in ({}, {"rule": "mes"}):
        if changes:
            frame_services.save_frame(uow, commands.SaveFrame(**{**FRAME, **changes}), table_id=table_id)
        frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
        signal(uow, table_id, anna, 1)
        frame_consent_services.close_frame_round(uow, commands.CloseFrameRound(), table_id=table_id)
    with pytest.raises(DomainError) as refused:
        frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
    assert refused.value.code == "frame_already_agreed"
    view = consent(uow, table_id)
    assert view["agreed"]["number"] == 2 and view["agreed"]["proposal"]["rule"] == "mes"
    with uow:
        rounds = frame_consent_services.frame_rounds(uow.session, table_id)
    assert [(r["number"], r["agreed"], r["proposal"]["rule"]) for r in rounds] == [(1, True, "greedy"), (2, True, "mes")]


def test_a_phone_answering_twice_is_counted_once_with_its_last_answer_and_paper_by_label(uow):
    _, _, table = make_table(uow)
    table_id = table["id"]
    [anna] = seated(uow, table_id, "Anna")
    frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
    signal(uow, table_id, anna, 5, "Te vaag")
    signal(uow, table_id, anna, 2)
    for level in (4, 1):
        frame_consent_services.give_paper_frame_signal(
            uow, commands.GivePaperFrameSignal(paper_label="Kaart 1", level=level, reason=None), table_id=table_id)
    latest = consent(uow, table_id)["latest"]
    assert latest["tally"] == {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0} and latest["objections"] == []
    assert latest["paper"] == 1
    phone = table_services.snapshot(uow, table_id=table_id, for_console=False, participant_id=anna)
    assert phone["me"]["frame_signal"] == {"level": 2, "reason": None}


def test_a_suggestion_from_a_phone_is_taken_into_the_draft_or_set_aside(uow):
    _, _, table = make_table(uow)
    table_id = table["id"]
    frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table_id)
    goal = frame_consent_services.suggest_for_frame(
        uow, commands.SuggestForFrame(kind="goal", text="Meer groen"), table_id=table_id).ack["suggestion_id"]
    other = frame_consent_services.suggest_for_frame(
        uow, commands.SuggestForFrame(kind="condition", text="Geen reclame"), table_id=table_id).ack["suggestion_id"]
    assert [s["text"] for s in consent(uow, table_id)["suggestions"]] == ["Meer groen", "Geen reclame"]
    taken = frame_consent_services.settle_frame_suggestion(
        uow, commands.SettleFrameSuggestion(suggestion_id=goal, take=True), table_id=table_id).events
    assert [e.name for e in taken] == ["frame_changed", "frame_consent_changed"]
    assert taken[0].payload["frame"]["goals"] == FRAME["goals"] + "\nMeer groen"
    frame_consent_services.settle_frame_suggestion(
        uow, commands.SettleFrameSuggestion(suggestion_id=other, take=False), table_id=table_id)
    snapshot = table_services.snapshot(uow, table_id=table_id, for_console=True)
    assert snapshot["frame_consent"]["suggestions"] == [] and snapshot["frame"]["conditions"] == FRAME["conditions"]
    with pytest.raises(DomainError) as refused:
        frame_consent_services.settle_frame_suggestion(
            uow, commands.SettleFrameSuggestion(suggestion_id=other, take=True), table_id=table_id)
    assert refused.value.code == "unknown_suggestion"


def test_paper_answers_in_besluiten_count_once_per_label(uow):
    _, _, table = make_table(uow)
    table_id = table["id"]
    cluster = cluster_services.create_cluster(uow, commands.CreateCluster(name="Bankjes"), table_id=table_id)
    option = cluster_services.save_option(uow, commands.SaveOption(
        cluster_id=cluster.ack["cluster_id"], title="Bankjes", cost_euros=100), table_id=table_id).ack["option_id"]
    consensus_services.propose(uow, commands.Propose(option_ids=[option]), table_id=table_id)
    for level, reason in ((5, "Te duur"), (3, None)):
        consensus_services.give_paper_signal(
            uow, commands.GivePaperSignal(paper_label="Kaart 1", level=level, reason=reason), table_id=table_id)
    consensus_services.give_paper_signal(
        uow, commands.GivePaperSignal(paper_label="Kaart 2", level=1, reason=None), table_id=table_id)
    latest = table_services.snapshot(uow, table_id=table_id, for_console=True)["consensus"]["latest"]
    assert latest["tally"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0} and latest["objections"] == []
    # How many came from paper, in the snapshot and in the event, as the frame's round says it.
    assert latest["paper"] == 2
    phone = table_services.join_table(uow, table_id=table_id, display_name=None).ack["participant_id"]
    given = consensus_services.give_signal(uow, commands.GiveSignal(level=2, reason=None), table_id=table_id,
                                           participant_id=phone)
    event = given.events[0].payload["consensus"]["latest"]
    assert event["paper"] == 2 and event["tally"]["2"] == 1
