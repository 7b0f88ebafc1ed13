"""The plenary vote of a round over the socket and HTTP, as a phone, console, wall, round
wall and organiser would use it — and as one of another round, or a second time, would try."""
import re

import pytest

from facilitator import socketio, unit_of_work
from facilitator.connections import CONSOLE, PHONE, WALL
from sessions import account_services, round_vote_services as plenary, table_services
from tests.support.plenary import round_with_tables
from tests.integration.test_http import post
from tests.support.web import csrf_token

PASSWORD = "lang genoeg wachtwoord"


@pytest.fixture
def world(app):
    uow = unit_of_work(app)
    organiser, budget_round, tables, options = round_with_tables(uow)
    other_organiser, other_round, other_tables, _ = round_with_tables(uow, email="ander@example.nl")
    plenary.take_in_options(uow, organiser_id=organiser, round_id=budget_round["id"])
    ids = {o["title"]: o["id"] for o in plenary.builder_view(uow, organiser_id=organiser, round_id=budget_round["id"])[
        "ballot"]["options"]}
    return {"uow": uow, "organiser": organiser, "round": budget_round, "tables": tables, "ids": ids,
            "other_organiser": other_organiser, "other_round": other_round, "other_tables": other_tables}


def open_vote(world, ballot_form="kiezen"):
    plenary.open_round_vote(world["uow"], organiser_id=world["organiser"], round_id=world["round"]["id"],
                            ballot_form=ballot_form)


def browser_seated_at(app, world, *tables):
    http = app.test_client()
    with http.session_transaction() as session:
        session["participant_of"] = {str(t["id"]): table_services.join_table(
            world["uow"], table_id=t["id"], display_name=None).ack["participant_id"] for t in tables}
    return http


def test_a_browser_that_joins_a_second_table_of_the_round_by_its_code_counts_once(app, world):
    phone, other_phone = app.test_client(), app.test_client()
    for table in (world["tables"]["Noord"], world["tables"]["Zuid"]):
        assert post(phone, f"/t/{table['join_code']}", {"display_name": ""}).status_code == 302
    assert post(other_phone, f"/t/{world['tables']['Oost']['join_code']}", {"display_name": ""}).status_code == 302
    open_vote(world)
    counted = plenary.state_for_table(world["uow"], table_id=world["tables"]["Noord"]["id"])["turnout"]
    assert counted["participants"] == 2, counted


def connect(app, http, table, role):
    return socketio.test_client(app, flask_test_client=http, auth={"table": table["id"], "role": role})


def received(sock, name):
    return [args[0] for event in sock.get_received() if event["name"] == name for args in [event["args"]]]


def turnout(world):
    return plenary.state_for_table(world["uow"], table_id=world["tables"]["Noord"]["id"])["turnout"]["voters"]


def test_a_phone_is_refused_while_the_vote_is_not_open_and_hears_it_open(app, world):
    http = browser_seated_at(app, world, world["tables"]["Noord"])
    phone = connect(app, http, world["tables"]["Noord"], PHONE)
    ack = phone.emit("cast_round_vote", {"approved": [world["ids"]["Bomen"]]}, callback=True)
    assert ack["error"] == "round_vote_not_open" and ack["message"]
    assert received(phone, "round_vote_changed") == []  # nothing to hear while it is being built
    open_vote(world)  # by the service: the page that opens it publishes too (tests/e2e/test_plenary_live.py)
    phone2 = connect(app, http, world["tables"]["Noord"], PHONE)
    (state,) = received(phone2, "round_vote_changed")
    assert state["open"] and state["you_voted"] is False and len(state["options"]) == 6
    ack = phone2.emit("cast_round_vote", {"approved": [world["ids"]["Bomen"]]}, callback=True)
    assert ack["ok"] and ack["round_vote"] == {"approved": [world["ids"]["Bomen"]]}
    # Everybody in the round's room hears it, at any table of the round.
    assert received(phone, "round_vote_changed")[-1]["turnout"]["voters"] == 1


def test_one_browser_seated_at_two_tables_votes_once_through_either(app, world):
    open_vote(world)
    noord, zuid = world["tables"]["Noord"], world["tables"]["Zuid"]
    http = browser_seated_at(app, world, noord, zuid)
    at_noord, at_zuid = connect(app, http, noord, PHONE), connect(app, http, zuid, PHONE)
    vote = {"approved": [world["ids"]["Bomen"]]}
    assert at_zuid.emit("cast_round_vote", vote, callback=True)["ok"]
    for sock in (at_noord, at_zuid):
        ack = sock.emit("cast_round_vote", vote, callback=True)
        assert ack["ok"] is False and ack["error"] == "round_vote_already_cast", ack
    assert turnout(world) == 1
    # Reconnecting, either page knows this person voted.
    again = connect(app, http, noord, PHONE)
    assert received(again, "round_vote_changed")[-1]["you_voted"] is True


def test_a_phone_of_another_round_cannot_vote_in_this_one(app, world):
    open_vote(world)
    stranger_table = world["other_tables"]["Noord"]
    stranger = connect(app, browser_seated_at(app, world, stranger_table), stranger_table, PHONE)
    ack = stranger.emit("cast_round_vote", {"approved": [world["ids"]["Bomen"]]}, callback=True)
    assert ack["error"] == "round_vote_not_open"  # its own round votes on nothing
    assert received(stranger, "round_vote_changed") == []  # and it hears nothing of this round
    assert turnout(world) == 0


def test_a_wall_cannot_vote_and_a_console_enters_paper_ballots_once_per_label(app, world):
    open_vote(world)
    noord = world["tables"]["Noord"]
    http = app.test_client()
    with http.session_transaction() as session:
        session["wall_tokens"] = {str(noord["id"]): noord["wall_token"]}
        session["console_tokens"] = {str(noord["id"]): noord["facilitator_token"]}
    wall, console = connect(app, http, noord, WALL), connect(app, http, noord, CONSOLE)
    assert wall.emit("cast_round_vote", {"approved": []}, callback=True)["error"] == "not_allowed"
    assert wall.emit("cast_round_paper_vote", {"paper_label": "Kaart 1", "approved": []},
                     callback=True)["error"] == "not_allowed"
    assert received(wall, "round_vote_changed") == []  # the table's wall is no round wall
    paper = {"paper_label": "Kaart 1", "approved": [world["ids"]["Moestuin"]]}
    assert console.emit("cast_round_paper_vote", paper, callback=True)["ok"]
    assert console.emit("cast_round_paper_vote", {**paper, "paper_label": "KAART 1"},
                        callback=True)["error"] == "round_paper_label_used"
    assert console.emit("cast_round_vote", {"approved": []}, callback=True)["error"] == "not_allowed"
    assert turnout(world) == 1


def test_the_round_wall_listens_to_its_own_round_only_and_sends_nothing(app, world):
    open_vote(world)
    token = plenary.builder_view(world["uow"], organiser_id=world["organiser"],
                                 round_id=world["round"]["id"])["ballot"]["wall_token"]
    http = app.test_client()
    page = http.get(f"/round-wall/{token}")
    assert page.status_code == 200 and "Buurtbudget" in page.get_data(as_text=True)
    round_id = world["round"]["id"]
    wall = socketio.test_client(app, flask_test_client=http, auth={"round": round_id, "role": "round_wall"})
    assert wall.is_connected()
    assert received(wall, "round_vote_changed")[-1]["round_id"] == round_id
    assert wall.emit("cast_round_vote", {"approved": []}, callback=True)["error"] == "not_connected"
    # Its token is for its own round; a table's wall token is none; no token, no connection.
    assert not socketio.test_client(app, flask_test_client=http, auth={
        "round": world["other_round"]["id"], "role": "round_wall"}).is_connected()
    for auth in ({"round": "1", "role": "round_wall"}, {"round": round_id, "role": "round_wall", "x": 1}):
        assert not socketio.test_client(app, flask_test_client=http, auth=auth).is_connected()
    assert app.test_client().get(f"/round-wall/{world['tables']['Noord']['wall_token']}").status_code == 404
    stranger = app.test_client()
    assert not socketio.test_client(app, flask_test_client=stranger, auth={
        "round": round_id, "role": "round_wall"}).is_connected()


def logged_in(app, world, organiser_id):
    http = app.test_client()
    with http.session_transaction() as session:
        session["_user_id"] = f"{organiser_id}:{account_services.organiser_login(world['uow'], organiser_id)[1]}"
    return http


def test_the_organiser_builds_with_forms_and_errors_speak_dutch_and_english(app, world):
    http = logged_in(app, world, world["organiser"])
    url = f"/organiser/rounds/{world['round']['id']}/plenary"
    page = http.get(url).get_data(as_text=True)
    assert "Speeltuin" in page and "Speelplek" in page
    token = csrf_token(page)
    ids = world["ids"]
    refused = http.post(f"{url}/merge", data={"csrf_token": token, "merge": [str(ids["Bomen"])],
                                              "title": "Groen", "cost": "3.000"})
    assert refused.status_code == 400 and "Vink minstens twee opties aan" in refused.get_data(as_text=True)
    ambiguous = http.post(f"{url}/merge", data={"csrf_token": token, "merge": [str(ids["Speeltuin"]), str(ids["Speelplek"])],
                                                "title": "Speelplaats", "cost": "3.5"})
    assert ambiguous.status_code == 400 and "is dit 3,50 of 3.500" in ambiguous.get_data(as_text=True)
    merged = http.post(f"{url}/merge", data={"csrf_token": token, "merge": [str(ids["Speeltuin"]), str(ids["Speelplek"])],
                                             "title": "Speelplaats", "cost": "12.000"})
    assert merged.status_code == 302
    http.get("/lang/en")
    no_reason = http.post(f"{url}/options/{ids['Kunstwerk']}/leave-out",
                          data={"csrf_token": token, f"leave-{ids['Kunstwerk']}-reason": "  "})
    assert no_reason.status_code == 400 and "This field is required." in no_reason.get_data(as_text=True)
    left = http.post(f"{url}/options/{ids['Kunstwerk']}/leave-out",
                     data={"csrf_token": token, f"leave-{ids['Kunstwerk']}-reason": "Geen kunst"})
    assert left.status_code == 302
    page = http.get(url).get_data(as_text=True)
    assert "Speelplaats" in page and "12,000" in page and "Geen kunst" in page
    assert len(re.findall(r'name="merge"', page)) == 4
    assert http.post(f"{url}/open", data={"csrf_token": token, "ballot_form": "verdelen"}).status_code == 302
    assert http.post(f"{url}/merge", data={"csrf_token": token, "merge": [str(ids["Bomen"]), str(ids["Moestuin"])],
                                           "title": "x", "cost": "1"}).status_code == 400
    # Another organiser sees nothing of it.
    other = logged_in(app, world, world["other_organiser"])
    assert other.get(url).status_code == 404
    assert other.post(f"{url}/close", data={"csrf_token": csrf_token(other.get("/organiser").get_data(as_text=True))}
                      ).status_code == 404


def test_after_closing_the_page_shows_the_outcome_under_every_rule(app, world):
    open_vote(world)
    noord = world["tables"]["Noord"]
    phone = connect(app, browser_seated_at(app, world, noord), noord, PHONE)
    assert phone.emit("cast_round_vote", {"approved": [world["ids"]["Bomen"], world["ids"]["Moestuin"]]},
                      callback=True)["ok"]
    http = logged_in(app, world, world["organiser"])
    url = f"/organiser/rounds/{world['round']['id']}/plenary"
    token = csrf_token(http.get(url).get_data(as_text=True))
    assert http.post(f"{url}/close", data={"csrf_token": token}).status_code == 302
    page = http.get(url).get_data(as_text=True)
    assert "Dezelfde stemmen onder de andere telregels" in page
    results = plenary.builder_view(world["uow"], organiser_id=world["organiser"],
                                   round_id=world["round"]["id"])["ballot"]["results"]
    checked = {int(i) for i in re.findall(r'name="funded" value="(\d+)" checked', page)}
    assert page.count('name="funded"') == 6 and checked == set(results["mes"]["funded"])  # as computed
    assert {world["ids"]["Bomen"], world["ids"]["Moestuin"]} <= checked
    assert "Phragmén" in page  # the other rules' outcome
    assert http.get(f"{url}.pb").status_code == 200


def test_only_a_round_framed_for_a_joint_vote_builds_one_and_an_opened_vote_keeps_it_so(world):
    """The round's frame chooses how the tables' work becomes one decision: a round on table
    budgets builds no round ballot, and once the joint vote is open the frame cannot leave it."""
    from sessions import round_services
    from sessions.errors import DomainError

    uow, organiser, round_id = world["uow"], world["organiser"], world["round"]["id"]

    def frame(combination):
        return round_services.save_round_frame(uow, organiser_id=organiser, round_id=round_id, goals="",
                                               conditions="", rule="greedy", combination=combination)

    frame("table_budgets")
    with pytest.raises(DomainError) as refused:
        plenary.take_in_options(uow, organiser_id=organiser, round_id=round_id)
    assert refused.value.code == "round_not_plenary"
    frame("plenary")
    open_vote(world)
    with pytest.raises(DomainError) as refused:
        frame("separate")
    assert refused.value.code == "round_vote_under_way"
    with uow:
        assert plenary.round_counting_rule(uow.session, round_id) == "greedy"
    frame("plenary")  # the rule may still change before the vote closes; the combination not
