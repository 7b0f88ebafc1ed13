"""Every HTTP route against every kind of visitor, built from the app's URL map: a route
added without an access rule here makes this suite fail.

Organiser pages go by the logged-in account; console and wall pages by the secret link in
their path, so there each visitor tries the link they could come up with (their own
table's, a revoked one, the join code, another table's)."""
import re
import secrets
from datetime import date, datetime, timezone

import pytest

from facilitator import unit_of_work
from sessions import account_services, round_services, table_services
from tests.support.web import csrf_token

PASSWORD = "lang genoeg wachtwoord"

# endpoint -> who may use it
ACCESS = {
    "static": "everybody",
    "public.home": "everybody",
    "public.join_by_code": "everybody",
    "public.table": "everybody",           # whoever has the join code may join: that is what it is for
    "public.choose_language": "everybody",
    "public.money_preview": "everybody",   # reads nothing stored: the amount typed, as it will be saved
    "auth.login": "everybody",
    "auth.setup": "setup link",            # tested in test_http: refused once used, and for nonsense
    "auth.logout": "any organiser",
    "tables.console": "console link",
    "tables.console_minutes": "console link",
    "tables.wall": "wall link",
    "tables.wall_qr": "wall link",
    "tables.wall_minutes": "wall link",
    # A round's public results: anybody with the code, only while published (the code
    # tried here is a join code, so it is 404 for everybody; test_public_results.py has the rest).
    "results.page": "everybody",
    "results.minutes": "everybody",
    "plenary.round_wall": "round wall link",  # none of these visitors holds it: all get 404
}
ORGANISER_PAGES = ("organiser.", "organiser_results.", "plenary.")

IDENTITIES = ("anonymous", "participant", "participant of another table", "facilitator", "facilitator of another table",
              "revoked facilitator link", "wall", "organiser", "organiser of another round")


def access_of(rule) -> str | None:
    if rule.endpoint in ACCESS:
        return ACCESS[rule.endpoint]
    if rule.endpoint.startswith(ORGANISER_PAGES):
        # A page about one round or table is its organiser's; the others (the dashboard,
        # a new round) are every organiser's own.
        return "organiser" if "_id>" in rule.rule else "any organiser"
    return ACCESS.get(rule.endpoint)


@pytest.fixture
def world(app):
    uow = unit_of_work(app)
    mine = account_services.create_organiser(uow, email="org@example.nl", password=PASSWORD)
    other = account_services.create_organiser(uow, email="ander@example.nl", password=PASSWORD)
    starts = datetime(2027, 1, 1, 19, tzinfo=timezone.utc)

    def round_with_tables(organiser, name, titles):
        created = round_services.create_round(uow, organiser_id=organiser, name=name, neighbourhood="N", budget_cents=100,
                                        starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2))
        return created, [round_services.create_table(uow, organiser_id=organiser, round_id=created["id"], title=t,
                                               place="p", starts_at=starts) for t in titles]

    round_a, (a, b) = round_with_tables(mine, "Ronde A", ("Tafel-A-geheim", "Tafel B"))
    _round_c, (c,) = round_with_tables(other, "Ronde C", ("Tafel C",))
    revoked = a["facilitator_token"]
    a["facilitator_token"] = round_services.revoke_facilitator_link(uow, organiser_id=mine, table_id=a["id"])
    return {"mine": mine, "other": other, "round": round_a, "a": a, "b": b, "c": c, "revoked": revoked}


def visitor(app, world, identity):
    """A browser whose session holds what this identity opened, and the console and
    wall token it would try for table A."""
    uow = unit_of_work(app)
    a, b = world["a"], world["b"]
    http = app.test_client()
    with http.session_transaction() as session:
        if identity == "participant":
            session["participant_of"] = {str(a["id"]): table_services.join_table(uow, table_id=a["id"], display_name=None).ack["participant_id"]}
        elif identity == "participant of another table":
            session["participant_of"] = {str(b["id"]): table_services.join_table(uow, table_id=b["id"], display_name=None).ack["participant_id"]}
        elif identity in ("organiser", "organiser of another round"):
            organiser_id = world["mine" if identity == "organiser" else "other"]
            # The login cookie names the account's current session version (a logout raises it).
            session["_user_id"] = f"{organiser_id}:{account_services.organiser_login(uow, organiser_id)[1]}"
    tokens = {
        "facilitator": (a["facilitator_token"], a["facilitator_token"]),  # a console link is no wall link
        "revoked facilitator link": (world["revoked"], world["revoked"]),
        "wall": (a["wall_token"], a["wall_token"]),  # nor the other way round
        "facilitator of another table": (b["facilitator_token"], b["wall_token"]),
        "organiser of another round": (world["c"]["facilitator_token"], world["c"]["wall_token"]),
        "participant": (a["join_code"], a["join_code"]),
        "participant of another table": (b["join_code"], b["join_code"]),
    }.get(identity, (secrets.token_urlsafe(24), secrets.token_urlsafe(24)))
    return http, {"console": tokens[0], "wall": tokens[1]}


def url_for_rule(rule, world, tokens) -> str:
    a = world["a"]
    values = {"round_id": world["round"]["id"], "table_id": a["id"], "option_id": 1, "code": a["join_code"], "language": "en",
              "filename": "css/app.css", "token": tokens["console" if rule.endpoint.startswith("tables.console")
                                                         else "wall"]}
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)
    return url + ("?format=json" if rule.endpoint.endswith("minutes") else "")


def rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)


def test_every_route_has_an_access_rule(app):
    assert [r.endpoint for r in rules(app) if access_of(r) is None] == []


def allowed(access: str, identity: str) -> bool:
    return {"everybody": True, "organiser": identity == "organiser",
            "any organiser": identity in ("organiser", "organiser of another round"),
            "console link": identity == "facilitator", "wall link": identity == "wall"}[access]


def request(http, rule, url):
    if "GET" in rule.methods:
        return http.get(url)
    page = http.get("/organiser")
    token = csrf_token((page if page.status_code == 200 else http.get("/login")).get_data(as_text=True))
    return http.post(url, data={"csrf_token": token})


def shows_table_a(response, world) -> bool:
    body = response.get_data(as_text=True)
    return world["a"]["join_code"] in body or world["a"]["title"] in body


@pytest.mark.parametrize("identity", IDENTITIES)
def test_only_the_allowed_visitors_reach_each_route(app, world, identity):
    checked = 0
    for rule in rules(app):
        access = access_of(rule)
        if access == "setup link":
            continue
        http, tokens = visitor(app, world, identity)
        response = request(http, rule, url_for_rule(rule, world, tokens))
        checked += 1
        to_login = response.status_code == 302 and response.location.startswith("/login")
        where = (rule.rule, identity, response.status_code)
        if access in ("organiser", "any organiser"):
            if allowed(access, identity):
                assert not to_login and response.status_code not in (403, 404) and response.status_code < 500, where
                assert "Ronde A" not in response.get_data(as_text=True) or identity == "organiser", where
            elif identity == "organiser of another round":
                assert response.status_code == 404, where  # another organiser's ids reveal nothing
            else:
                assert to_login, where
        elif access == "round wall link":
            assert response.status_code == 404, where
        elif access in ("console link", "wall link"):
            reached_a = response.status_code == 200 and shows_table_a(response, world)
            assert reached_a == allowed(access, identity), where
        else:
            assert response.status_code < 500 and not to_login, where
    print(f"\n{identity}: {checked} routes checked")


def test_a_revoked_console_link_reaches_nothing_on_the_table(app, world):
    http = app.test_client()
    for url in (f"/console/{world['revoked']}", f"/console/{world['revoked']}/minutes?format=json"):
        response = http.get(url)
        assert response.status_code == 404 and not shows_table_a(response, world)
