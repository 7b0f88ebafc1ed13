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
