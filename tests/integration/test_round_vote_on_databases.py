"""The plenary vote of a round on SQLite and PostgreSQL: building the round ballot from
the tables' options, one vote per person across the round, closing within the budget."""

import pytest
from sqlmodel import select

from sessions import commands, round_vote_services as plenary, table_services
from sessions.errors import DomainError, NotFound
from sessions.models import Participant

from tests.support.plenary import round_with_tables


def built(uow):
    """The round ballot with Speeltuin (Noord) and Speelplek (Zuid) merged, Kunstwerk left out."""
    organiser, budget_round, tables, options = round_with_tables(uow)
    round_id = budget_round["id"]
    assert plenary.take_in_options(uow, organiser_id=organiser, round_id=round_id) == 6
    view = plenary.builder_view(uow, organiser_id=organiser, round_id=round_id)
    by_title = {o["title"]: o["id"] for o in view["ballot"]["options"]}
    merged = plenary.merge_round_options(uow, organiser_id=organiser, round_id=round_id,
                                         round_option_ids=[by_title["Speeltuin"], by_title["Speelplek"]],
                                         title="Speelplaats", cost_cents=1_200_000)
    plenary.leave_out(uow, organiser_id=organiser, round_id=round_id, round_option_id=by_title["Kunstwerk"],
                      reason="Buiten het kader: geen kunst")
    return organiser, round_id, tables, options, merged


def seat(uow, table, *, earlier=()):
    """A seat at `table`, taken by a browser that holds the `earlier` seats already."""
    return table_services.join_table(uow, table_id=table["id"], display_name=None,
                                     earlier_seats=earlier).ack["participant_id"]


def option_ids(uow, organiser, round_id):
    return {o["title"]: o["id"] for o in plenary.builder_view(uow, organiser_id=organiser,
                                                               round_id=round_id)["ballot"]["options"]}


def test_a_merge_keeps_its_sources_and_a_left_out_option_its_reason(uow):
    organiser, round_id, tables, options, merged = built(uow)
    ballot = plenary.builder_view(uow, organiser_id=organiser, round_id=round_id)["ballot"]
    assert [o["title"] for o in ballot["options"]] == ["Speelplaats", "Bomen", "Bankjes", "Moestuin"]
    speelplaats = ballot["options"][0]
    assert speelplaats["id"] == merged and speelplaats["cost_cents"] == 1_200_000
    assert [(s["option_id"], s["table"], s["title"], s["cost_cents"]) for s in speelplaats["sources"]] == [
        (options["Speeltuin"], "Noord", "Speeltuin", 800_000), (options["Speelplek"], "Zuid", "Speelplek", 700_000)]
    # Their arguments come along, read from the tables.
    assert [a["text"] for s in speelplaats["sources"] for a in s["arguments"]] == ["Graag speeltuin", "Graag speelplek"]
    assert [(s["title"], s["reason"]) for s in ballot["left_out"]] == [("Kunstwerk", "Buiten het kader: geen kunst")]


@pytest.mark.parametrize("ids, code", [([], "merge_needs_two_options"), ([999_999, 999_998], "unknown_option")])
def test_a_merge_needs_two_options_of_the_ballot(uow, ids, code):
    organiser, round_id, *_ = built(uow)
    with pytest.raises(DomainError, match=code):
        plenary.merge_round_options(uow, organiser_id=organiser, round_id=round_id, round_option_ids=ids,
                                    title="x", cost_cents=100)


def test_leaving_out_needs_a_reason(uow):
    organiser, round_id, *_ = built(uow)
    some = next(iter(option_ids(uow, organiser, round_id).values()))
    with pytest.raises(DomainError, match="left_out_reason_required"):
        plenary.leave_out(uow, organiser_id=organiser, round_id=round_id, round_option_id=some, reason="   ")


def test_another_organiser_cannot_build_open_or_close_the_round_ballot(uow):
    organiser, round_id, *_ = built(uow)
    from sessions import account_services
    other = account_services.create_organiser(uow, email="ander@example.nl", password="lang genoeg wachtwoord")
    for act in (lambda: plenary.take_in_options(uow, organiser_id=other, round_id=round_id),
                lambda: plenary.open_round_vote(uow, organiser_id=other, round_id=round_id, ballot_form="kiezen"),
                lambda: plenary.close_round_vote(uow, organiser_id=other, round_id=round_id),
                lambda: plenary.builder_view(uow, organiser_id=other, round_id=round_id)):
        with pytest.raises(NotFound):
            act()


def test_one_vote_per_person_across_the_round(uow):
    organiser, round_id, tables, _, _ = built(uow)
    ids = option_ids(uow, organiser, round_id)
    vote = commands.CastRoundVote(approved=[ids["Bomen"]])
    at_noord = seat(uow, tables["Noord"])
    at_zuid = seat(uow, tables["Zuid"], earlier=[at_noord])  # the same browser at a second table
    with pytest.raises(DomainError, match="round_vote_not_open"):
        plenary.cast_round_vote(uow, vote, table_id=tables["Noord"]["id"], participant_id=at_noord, seats=[at_noord])
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    plenary.cast_round_vote(uow, vote, table_id=tables["Noord"]["id"], participant_id=at_noord, seats=[at_noord])
    # Through its own table again, and through another table where the same browser sits too.
    with pytest.raises(DomainError, match="round_vote_already_cast"):
        plenary.cast_round_vote(uow, vote, table_id=tables["Noord"]["id"], participant_id=at_noord,
                                seats=[at_noord])
    with pytest.raises(DomainError, match="round_vote_already_cast"):
        plenary.cast_round_vote(uow, vote, table_id=tables["Zuid"]["id"], participant_id=at_zuid,
                                seats=[at_noord, at_zuid])
    # A seat the browser does not hold is not the sender's: claiming one is refused.
    stranger = seat(uow, tables["Oost"])
    with pytest.raises(DomainError, match="not_allowed"):
        plenary.cast_round_vote(uow, vote, table_id=tables["Oost"]["id"], participant_id=at_zuid, seats=[at_zuid])
    plenary.cast_round_vote(uow, vote, table_id=tables["Oost"]["id"], participant_id=stranger, seats=[stranger])
    # Paper: once per label per table; the same label at another table is another person.
    paper = commands.CastRoundPaperVote(paper_label="Kaart 1", approved=[ids["Moestuin"]])
    plenary.cast_round_paper_vote(uow, paper, table_id=tables["Noord"]["id"])
    with pytest.raises(DomainError, match="round_paper_label_used"):
        plenary.cast_round_paper_vote(uow, commands.CastRoundPaperVote(paper_label="kaart 1", approved=[]),
                                      table_id=tables["Noord"]["id"])
    plenary.cast_round_paper_vote(uow, paper, table_id=tables["Zuid"]["id"])
    state = plenary.state_for_table(uow, table_id=tables["Zuid"]["id"], seats=[at_noord, at_zuid])
    assert state["you_voted"] is True
    # Three seats, two people (one of them at two tables), and two on paper.
    assert state["turnout"] == {"voters": 4, "on_paper": 2, "participants": 2 + 2}
    assert state["tally"][str(ids["Bomen"])] == 2 and state["tally"][str(ids["Moestuin"])] == 2


def test_the_ballot_rules_of_a_table_hold_in_the_plenary(uow):
    organiser, round_id, tables, _, _ = built(uow)
    ids = option_ids(uow, organiser, round_id)
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    voter = seat(uow, tables["Noord"])
    for approved, code in (([ids["Speelplaats"], ids["Bomen"], ids["Moestuin"], ids["Bankjes"]], "ballot_over_budget"),
                           ([999_999], "unknown_option"), ("alles", "invalid_ballot")):
        with pytest.raises(DomainError, match=code):
            plenary.cast_round_vote(uow, commands.CastRoundVote(approved=approved), table_id=tables["Noord"]["id"],
                                    participant_id=voter, seats=[voter])
    assert plenary.state_for_table(uow, table_id=tables["Noord"]["id"])["turnout"]["voters"] == 0
    with pytest.raises(DomainError, match="round_ballot_fixed"):
        plenary.leave_out(uow, organiser_id=organiser, round_id=round_id, round_option_id=ids["Bomen"], reason="te laat")


def test_closing_counts_every_vote_with_the_rounds_rule_and_the_decision_stays_within_the_budget(uow):
    organiser, round_id, tables, _, _ = built(uow)
    ids = option_ids(uow, organiser, round_id)
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="verdelen")
    for n, table in enumerate(tables.values()):
        for points in ({str(ids["Speelplaats"]): 60, str(ids["Bomen"]): 40}, {str(ids["Moestuin"]): 100}):
            voter = seat(uow, table)
            plenary.cast_round_vote(uow, commands.CastRoundVote(points=points), table_id=table["id"],
                                    participant_id=voter, seats=[voter])
    with pytest.raises(DomainError, match="too_many_points"):
        voter = seat(uow, tables["Noord"])
        plenary.cast_round_vote(uow, commands.CastRoundVote(points={str(ids["Bomen"]): 101}),
                                table_id=tables["Noord"]["id"], participant_id=voter, seats=[voter])
    outcome = plenary.close_round_vote(uow, organiser_id=organiser, round_id=round_id)
    view = outcome.events[0].payload
    assert view["state"] == "closed" and view["rule"] == "mes"
    results = plenary.builder_view(uow, organiser_id=organiser, round_id=round_id)["ballot"]["results"]
    assert set(results) == {"mes", "greedy", "phragmen"}
    costs = {o["id"]: o["cost_cents"] for o in view["options"]}
    for rule, result in results.items():
        assert sum(costs[i] for i in result["funded"]) <= 2_000_000
        assert set(result["explanations"]) == {str(i) for i in costs}
    assert view["funded"] == results["mes"]["funded"]
    with pytest.raises(DomainError, match="round_vote_not_open"):
        voter = seat(uow, tables["Noord"])
        plenary.cast_round_vote(uow, commands.CastRoundVote(points={}), table_id=tables["Noord"]["id"],
                                participant_id=voter, seats=[voter])
    with pytest.raises(DomainError, match="round_decision_over_budget"):
        plenary.record_round_decision(uow, organiser_id=organiser, round_id=round_id, funded=list(costs))
    decided = plenary.record_round_decision(uow, organiser_id=organiser, round_id=round_id,
                                            funded=results["mes"]["funded"]).events[0].payload["decision"]
    assert decided["funded"] == sorted(results["mes"]["funded"]) and decided["total_cost_cents"] <= 2_000_000


def test_the_pb_export_holds_every_vote_of_the_round(uow):
    from sessions.pabulib import read_pb

    organiser, round_id, tables, _, _ = built(uow)
    ids = option_ids(uow, organiser, round_id)
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    for table in tables.values():
        voter = seat(uow, table)
        plenary.cast_round_vote(uow, commands.CastRoundVote(approved=[ids["Bomen"], ids["Bankjes"]]),
                                table_id=table["id"], participant_id=voter, seats=[voter])
    plenary.cast_round_paper_vote(uow, commands.CastRoundPaperVote(paper_label="Kaart 1", approved=[ids["Bomen"]]),
                                  table_id=tables["Oost"]["id"])
    plenary.close_round_vote(uow, organiser_id=organiser, round_id=round_id)
    pb = read_pb(plenary.export_round_pb(uow, organiser_id=organiser, round_id=round_id))
    assert len(pb.options) == 4
    supported = [sorted(b.supported()) for b in pb.ballots]
    assert len(supported) == 4 and sum(len(s) for s in supported) == 7


def test_erasing_the_round_erases_the_paper_labels_of_its_plenary_and_replaces_the_round_wall_link(uow):
    from sessions import privacy_services

    organiser, round_id, tables, _, _ = built(uow)
    ids = option_ids(uow, organiser, round_id)
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    plenary.cast_round_paper_vote(uow, commands.CastRoundPaperVote(paper_label="Mevrouw Jansen", approved=[ids["Bomen"]]),
                                  table_id=tables["Noord"]["id"])
    token = plenary.builder_view(uow, organiser_id=organiser, round_id=round_id)["ballot"]["wall_token"]
    privacy_services.erase_round_personal_data(uow, organiser_id=organiser, round_id=round_id)
    from sessions.round_votes import RoundBallotVote
    from sqlmodel import select
    with uow:
        (vote,) = uow.session.exec(select(RoundBallotVote)).all()
        assert "jansen" not in (vote.paper_label + vote.voter_key).lower()
    assert plenary.wall_by_token(uow, token) is None
    assert plenary.state_for_table(uow, table_id=tables["Noord"]["id"])["tally"][str(ids["Bomen"])] == 1


def test_votes_at_the_same_moment_each_get_their_own_version_and_the_last_view_counts_all(engine):
    """Phones voting at once (threads, each its own unit of work): every change has its own
    version, and the view with the highest version counts every vote."""
    import threading

    from sessions.unit_of_work import UnitOfWork

    uow = UnitOfWork(engine)
    organiser, round_id, tables, _, _ = built(uow)
    ids = option_ids(uow, organiser, round_id)
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    seats = [(table, seat(uow, table)) for table in tables.values() for _ in range(4)]
    views, errors = [], []
    start = threading.Barrier(len(seats))

    def vote(table, voter):
        try:
            start.wait()
            outcome = plenary.cast_round_vote(UnitOfWork(engine), commands.CastRoundVote(approved=[ids["Bomen"]]),
                                              table_id=table["id"], participant_id=voter, seats=[voter])
            views.append(outcome.events[0].payload)
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(repr(error))

    threads = [threading.Thread(target=vote, args=pair) for pair in seats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    versions = [view["version"] for view in views]
    assert len(set(versions)) == len(seats)
    newest = max(views, key=lambda view: view["version"])
    assert newest["turnout"]["voters"] == len(seats) and newest["tally"][str(ids["Bomen"])] == len(seats)


def test_the_public_page_of_a_round_that_voted_jointly_shows_the_joint_decision_and_its_status(uow):
    """Under the joint vote the round's decision is the organiser's record after the vote,
    not the tables' own decisions; a funded round option takes status updates too."""
    from datetime import date

    from sessions import public_results

    organiser, round_id, tables, options, merged = built(uow)
    ids = option_ids(uow, organiser, round_id)
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    for n, table in enumerate(tables.values()):
        for _ in range(n + 2):
            person = seat(uow, table)
            plenary.cast_round_vote(uow, commands.CastRoundVote(approved=[merged, ids["Bomen"]]),
                                    table_id=table["id"], participant_id=person, seats=[person])
    plenary.close_round_vote(uow, organiser_id=organiser, round_id=round_id)
    code = public_results.set_published(uow, organiser_id=organiser, round_id=round_id, published=True)["code"]
    assert public_results.public_page(uow, code=code)["results"]["funded"] == []  # not recorded yet

    plenary.record_round_decision(uow, organiser_id=organiser, round_id=round_id, funded=[merged, ids["Bomen"]])
    page = public_results.public_page(uow, code=code)
    funded = page["results"]["funded"]
    assert [(o["title"], o["cost_cents"], o["table_title"]) for o in funded] == [
        ("Speelplaats", 1_200_000, None), ("Bomen", 300_000, None)]
    assert all(o["reason"]["nl"] and o["reason"]["en"] for o in funded)
    assert page["results"]["total_cents"] == 1_500_000 <= page["results"]["budget_cents"]
    assert page["round_frame"]["combination"] == "plenary"
    # The merged plan's status is kept under the first table option it came from.
    assert funded[0]["option_id"] == min(options["Speeltuin"], options["Speelplek"])
    public_results.record_status(uow, organiser_id=organiser, round_id=round_id, option_id=funded[0]["option_id"],
                                 status="gepland", on_date=date(2027, 4, 1).isoformat(), note="Na de zomer")
    status = public_results.public_page(uow, code=code)["results"]["funded"][0]["status"]
    assert status["status"] == "gepland" and status["note"] == "Na de zomer"


def test_a_browser_seated_at_two_tables_is_one_participant_of_the_round_and_of_no_other(uow):
    organiser, round_id, tables, _, _ = built(uow)
    first = seat(uow, tables["Noord"])
    second = seat(uow, tables["Zuid"], earlier=[first])
    third = seat(uow, tables["Oost"], earlier=[first, second])
    others = round_with_tables(uow, email="ander@example.nl")[2]
    elsewhere = seat(uow, others["Noord"], earlier=[first, second, third])
    plenary.open_round_vote(uow, organiser_id=organiser, round_id=round_id, ballot_form="kiezen")
    with uow:
        people = {p.id: p.same_person_as for p in uow.session.exec(
            select(Participant).where(Participant.id.in_([first, second, third, elsewhere])))}
    # Each later seat names the first one; a seat in another round names none.
    assert people == {first: None, second: first, third: first, elsewhere: None}
    state = plenary.state_for_table(uow, table_id=tables["Oost"]["id"], seats=[first, second, third])
    assert state["turnout"]["participants"] == 1
