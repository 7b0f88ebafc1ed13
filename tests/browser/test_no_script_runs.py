"""HTML and JavaScript typed by people — a table title, display names, arguments, cluster
names, option titles, the frame — are shown as text on wall, console and phone, and
never run. Every payload would set window.__pwned or log PWNED if it ran; the CSP would
also complain about an inline handler that got into the page, so that counts too."""
import uuid

from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import Organiser, join_as_phone, open_link

from .conftest import LAPTOP, PHONE, PROJECTOR

NAME = "<img src=x onerror=window.__pwned=1>"              # 36: a display name holds at most 40
TITLE = '"><svg onload=window.__pwned=2>Speeltuin'
PAYLOADS = [
    "<script>window.__pwned=3;console.log('PWNED')</script>",
    "<img src=x onerror=\"window.__pwned=4;console.log('PWNED')\">",
    "javascript:window.__pwned=5",
    "\"><svg onload=\"window.__pwned=6\"><a href=\"javascript:window.__pwned=7\">klik</a>",
    "<iframe srcdoc=\"<script>parent.__pwned=8</script>\"></iframe>",
]
CLUSTER_NAME = "<b onmouseover=window.__pwned=9>Groen</b>"
OPTION_TITLE = "<style>*{display:none}</style><img src=x onerror=window.__pwned=10>"
# What an option is and who carries it out: phones show both to the people voting.
DESCRIPTION = "<img src=x onerror=window.__pwned=11> Een speeltuin"
CARRIED_BY = "<script>window.__pwned=12</script>Stichting"
FRAME = {"goals": PAYLOADS[0], "roles": PAYLOADS[1], "conditions": PAYLOADS[3]}


def watch(page, messages: list[str]):
    page.on("console", lambda message: messages.append(f"{page.url}: {message.type}: {message.text}"))
    return page


def assert_nothing_ran(pages, messages):
    for page in pages:
        assert page.evaluate("window.__pwned") is None, page.url
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], svg[onload], iframe, b[onmouseover], "
                             "a[href^=\"javascript\"], body script:not([src])').length") == 0, page.url
    assert [m for m in messages if "PWNED" in m or "Content Security Policy" in m] == []


def shows(page, text: str):
    expect(page.locator("body")).to_contain_text(text)


def test_html_and_scripts_typed_by_people_show_as_text_and_never_run(server, open_context):
    organiser = Organiser(server.url).set_up(server.setup_link())
    table = organiser.create_table(organiser.create_round(), title=TITLE)
    messages: list[str] = []
    console_socket = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"],
                                     role="console").connect()
    console_socket.wait_for("snapshot")
    assert console_socket.emit("set_phase", {"phase": "kaders"})["ok"]
    assert console_socket.emit("save_frame", {**FRAME, "ballot_form": "kiezen", "rule": "mes",
                                              "consensus_rule": "consent"})["ok"]

    phone = watch(open_context(PHONE), messages)
    phone.goto(table["join"])
    phone.locator("input[name=display_name]").fill(NAME)
    phone.get_by_role("button", name="Doe mee").click()
    wall = watch(open_context(PROJECTOR), messages)
    wall.goto(table["wall"])
    console = watch(open_context(LAPTOP), messages)
    console.goto(table["console"])
    pages = (phone, wall, console)
    for page in pages:
        expect(page.locator("body")).to_have_attribute("data-connected", "yes")
        shows(page, TITLE)
    for page in (phone, wall):  # the frame card, while the table agrees on it
        card = page.locator("[data-frame-card]")
        for text in FRAME.values():
            expect(card).to_contain_text(text)
    expect(console.get_by_label("Doelen")).to_have_value(FRAME["goals"])
    shows(phone, NAME)
    shows(console, NAME)  # the facilitator sees who joined
    assert_nothing_ran(pages, messages)

    # Arguments, from another phone and typed in by the facilitator, grouped into an option.
    other = RecordingClient(server.url, join_as_phone(table, "<u>Anna</u>"), table_id=table["id"], role="phone").connect()
    other.wait_for("snapshot")
    assert console_socket.emit("set_phase", {"phase": "inbreng"})["ok"]
    ids = []
    for n, text in enumerate(PAYLOADS):
        sender = other if n % 2 else console_socket
        event = "submit_argument" if n % 2 else "capture_argument"
        ack = sender.emit(event, {"client_id": str(uuid.uuid4()), "stance": "voor", "text": text})
        assert ack["ok"], ack
        ids.append(ack["argument_id"])
    for page in pages:
        for text in PAYLOADS:
            shows(page, text)
    shows(console, "<u>Anna</u>")
    assert_nothing_ran(pages, messages)

    assert console_socket.emit("set_phase", {"phase": "ordenen"})["ok"]
    cluster = console_socket.emit("create_cluster", {"name": CLUSTER_NAME, "argument_ids": ids})
    assert cluster["ok"], cluster
    for page in (wall, console):
        shows(page, CLUSTER_NAME)
    assert console_socket.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": OPTION_TITLE,
                                               "cost_euros": 1000, "description": DESCRIPTION,
                                               "carried_by": CARRIED_BY})["ok"]
    console.wait_for_function(  # the console edits the option, so it is in a field's value
        "t => [...document.querySelectorAll('input, textarea')].some(e => e.value === t)", arg=OPTION_TITLE)
    assert console_socket.emit("set_phase", {"phase": "afwegen"})["ok"]
    for page in (phone, wall):
        shows(page, OPTION_TITLE)
    shows(phone, DESCRIPTION)
    shows(phone, CARRIED_BY)
    assert_nothing_ran(pages, messages)
    print(f"\n{2 + len(PAYLOADS) + len(FRAME) + 4} payloads on {len(pages)} pages shown as text; none ran")
