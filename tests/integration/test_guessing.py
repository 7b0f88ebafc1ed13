"""Guessing join codes is slowed per browser and across everybody (never per IP: a whole
community centre shares one address), and shows in the log as a warning."""
import logging

from tests.support.web import csrf_token


def post_join(client, code):
    page = client.get("/")
    return client.post("/join", data={"code": code, "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_guessing_join_codes_from_one_browser_is_stopped_and_logged(app, caplog):
    guesser = app.test_client()
    statuses = [post_join(guesser, f"ABC{n:03d}"[:6]).status_code for n in range(22)]
    assert statuses[:20] == [404] * 20 and statuses[-1] == 429
    assert any("possible guessing" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    # Someone else at the same address still joins.
    assert post_join(app.test_client(), "ABCDEF").status_code == 404


def test_a_script_that_drops_its_cookies_meets_the_cap_on_failures_across_everybody(app, caplog):
    app.config["JOIN_FAILURE_GLOBAL_LIMIT"] = "10 per minute"
    statuses = [post_join(app.test_client(), "ZZZZZZ").status_code for _ in range(12)]
    assert statuses[:10] == [404] * 10 and 429 in statuses[10:]
    assert any("join-failures" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


# -- issue 16, finding 10: one cap for both routes, never in a seated phone's way -----

PASSWORD = "lang genoeg wachtwoord"


def make_table(app) -> dict:
    from datetime import date, datetime, timezone

    from facilitator import unit_of_work
    from sessions import account_services, round_services
    organiser_id = account_services.create_organiser(unit_of_work(app), email="org@example.nl", password=PASSWORD)
    budget_round = round_services.create_round(unit_of_work(app), organiser_id=organiser_id, name="Ronde",
                                         neighbourhood="Noord", budget_cents=1_000_00,
                                         starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31))
    return round_services.create_table(unit_of_work(app), organiser_id=organiser_id, round_id=budget_round["id"],
                                 title="Tafel", place="Buurthuis", starts_at=datetime(2027, 1, 14, 18, tzinfo=timezone.utc))


def take_seat(app, code):
    phone = app.test_client()
    page = phone.get(f"/t/{code}")
    joined = phone.post(f"/t/{code}", data={"display_name": "", "csrf_token": csrf_token(page.get_data(as_text=True))})
    return phone, joined.status_code


def test_both_routes_count_against_one_failure_cap_and_seated_phones_never_meet_it(app):
    app.config["JOIN_FAILURE_GLOBAL_LIMIT"] = "10 per minute"
    code = make_table(app)["join_code"]
    seated, status = take_seat(app, code)
    assert status == 302
    statuses = [post_join(app.test_client(), "ZZZZZZ").status_code for _ in range(5)]
    statuses += [app.test_client().get("/t/ZZZZZY").status_code for _ in range(5)]
    assert statuses == [404] * 10
    # The cap is reached for both routes together, not for each.
    assert post_join(app.test_client(), "ZZZZZX").status_code == 429
    assert app.test_client().get("/t/ZZZZZW").status_code == 429
    # A seated phone reloading its table's page is served, as often as it likes.
    assert [seated.get(f"/t/{code}").status_code for _ in range(25)] == [200] * 25
    assert seated.get(f"/t/{code.lower()}").status_code in (200, 302)


def test_a_table_takes_only_so_many_new_seats_a_minute_and_its_members_stay(app, caplog):
    app.config["JOIN_PER_TABLE_LIMIT"] = "5 per minute"
    code = make_table(app)["join_code"]
    seats = [take_seat(app, code) for _ in range(5)]
    assert [status for _, status in seats] == [302] * 5
    assert take_seat(app, code)[1] == 429  # a script dropping its cookie meets the table's cap
    assert any("join-table" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert all(phone.get(f"/t/{code}").status_code == 200 for phone, _ in seats)


def login(client, address, email, password):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(page.get_data(as_text=True))},
                       environ_base={"REMOTE_ADDR": address})


def test_a_guesser_cannot_lock_the_real_organiser_out_and_is_slowed_down(app, caplog):
    app.config["LOGIN_SLOWDOWN_MAX_S"] = 0.05  # the wait itself is real; short here to keep the suite quick
    make_table(app)
    guesser = app.test_client()
    statuses = [login(guesser, "127.0.0.2", "org@example.nl", f"gok {n} xxxxxx").status_code for n in range(7)]
    assert statuses[:5] == [400] * 5 and statuses[5:] == [429, 429]  # per address and account
    # From other addresses, a guesser is slowed down per account, not locked out…
    more = [login(app.test_client(), f"127.0.0.{n}", "org@example.nl", "nog een gok xx").status_code
            for n in range(3, 6)]
    assert more == [400] * 3
    assert any("slowing down logins for org@example.nl" in r.getMessage() for r in caplog.records)
    # …and so is the real organiser, who still gets in with the right password.
    assert login(app.test_client(), "127.0.0.9", "org@example.nl", PASSWORD).status_code == 302
