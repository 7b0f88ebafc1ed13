"""Money typed the way people write it, in Chromium: every accepted form typed into the
option cost field (console, Ordenen) and the round budget field (the organiser's round form)
shows what it will be saved as before saving, is stored as the cents a Dutch (or English)
reader means, and is shown back the Dutch way, on the wall too. Every refused form says how
to write the amount, in both fields, and changes nothing stored."""
import re
import sqlite3
import uuid

import pytest
from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.server import LiveServer
from tests.support.web import Organiser, open_link

from .conftest import ARTIFACTS, LAPTOP, PROJECTOR

PASSWORD = "correct horse battery"
NBSP, NARROW = "\u00a0", "\u202f"

# typed, cents, as the preview and the wall show it (whitespace as Playwright compares it)
ACCEPTED_NL = [
    ("3000", 300_000, "€ 3.000"), ("3.000", 300_000, "€ 3.000"), ("€ 3.000", 300_000, "€ 3.000"),
    ("€3.000", 300_000, "€ 3.000"), ("3.000,50", 300_050, "€ 3.000,50"), ("3 000", 300_000, "€ 3.000"),
    (f"3{NBSP}000", 300_000, "€ 3.000"), (f"3{NARROW}000", 300_000, "€ 3.000"), ("3000,-", 300_000, "€ 3.000"),
    ("€ 3.000,-", 300_000, "€ 3.000"), ("12,5", 1_250, "€ 12,50"),
]
ACCEPTED_EN = [("3,000", 300_000, "€ 3,000"), ("3,000.50", 300_050, "€ 3,000.50"), ("€3,000", 300_000, "€ 3,000")]
REFUSED_NL = {
    "12,5,0": "Dit is geen bedrag. Schrijf het bedrag als 3.000 of 3.000,50.",
    "3.00.0": "Dit is geen bedrag. Schrijf het bedrag als 3.000 of 3.000,50.",
    "3,00,0": "Dit is geen bedrag. Schrijf het bedrag als 3.000 of 3.000,50.",
    "-5": "Een bedrag kan niet negatief zijn. Schrijf het bedrag als 3.000 of 3.000,50.",
    "drieduizend": "Dit is geen bedrag. Schrijf het bedrag als 3.000 of 3.000,50.",
    "12,505": "Hoogstens twee cijfers na de komma (centen). Schrijf het bedrag als 3.000 of 3.000,50.",
    "3.5": "Niet duidelijk: is dit 3,50 of 3.500? Een punt scheidt de duizendtallen. Schrijf het bedrag als 3.500 of 3,50.",
}
SENTINEL_EUROS = 1  # set between two forms, so each saved amount is seen arriving


@pytest.fixture(scope="module")
def evening(tmp_path_factory):
    """One server for the module: an organiser, a round of € 100.000 and a table in Ordenen
    with one option, and a console socket to set the stage."""
    server = LiveServer(tmp_path_factory.mktemp("money") / "instance").start()
    organiser = Organiser(server.url).set_up(server.setup_link(), password=PASSWORD)
    table = organiser.create_table(organiser.create_round(budget="100.000"))
    feeder = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    feeder.wait_for("snapshot")
    feeder.emit("set_phase", {"phase": "inbreng"})
    argument = feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": "Een speeltuin"})
    cluster = feeder.emit("create_cluster", {"name": "Spelen", "argument_ids": [argument["argument_id"]]})["cluster_id"]
    option = feeder.emit("save_option", {"cluster_id": cluster, "title": "Speeltuin", "cost_euros": SENTINEL_EUROS})
    feeder.emit("set_phase", {"phase": "ordenen"})
    yield {"server": server, "organiser": organiser, "table": table, "feeder": feeder, "cluster": cluster, "option": option["option_id"]}
    feeder.disconnect()
    server.stop()


def stored(server, query: str, *args):
    with sqlite3.connect(server.instance_path / "buurttafel.db") as db:
        return db.execute(query, args).fetchone()[0]


def option_cents(evening) -> int:
    return stored(evening["server"], "SELECT cost_cents FROM option WHERE id = ?", evening["option"])


def log_in(page, evening):
    """The organiser's login cookie from the module's one login (logging in through the form
    each time would meet the login rate limit, which is not what is tested here)."""
    server = evening["server"]
    page.context.add_cookies([{"name": c.name, "value": c.value, "url": server.url}
                              for c in evening["organiser"].http.cookies])
    page.goto(server.url + "/organiser")
    expect(page.get_by_role("heading", name=re.compile("Budgetrondes|Budget rounds"), exact=True)).to_be_visible()


def fill_round_form(page, budget: str, *, english=False):
    page.get_by_label("Name of the round" if english else "Naam van de ronde").fill("Buurtbudget Zuid")
    page.get_by_label("Neighbourhood" if english else "Buurt", exact=True).fill("Zuid")
    page.get_by_label("Total budget in euros" if english else "Totaal budget in euro's").fill(budget)
    page.get_by_label("First day" if english else "Eerste dag").fill("2027-01-01")
    page.get_by_label("Last day" if english else "Laatste dag").fill("2027-03-31")


def open_option_editor(console, evening):
    # A group's name, option and cost fold away under its ✎ button until needed.
    toggle = console.locator(f'[aria-controls="group-edit-{evening["cluster"]}"]')
    expect(toggle).to_be_visible()
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def cost_field(console, evening):
    return console.locator(f"#option-cost-{evening['cluster']}")


def cost_preview(console, evening):
    return console.locator(f"[data-money-preview-of=option-cost-{evening['cluster']}]")


def back_to_the_sentinel(evening, console, wall):
    # A focused field keeps what it holds through a redraw (typing is never overwritten): leave it first.
    cost_field(console, evening).blur()
    evening["feeder"].emit("save_option", {"cluster_id": evening["cluster"], "title": "Speeltuin", "cost_euros": SENTINEL_EUROS})
    expect(wall.locator(".wall-cost")).to_have_text("€ 1")
    expect(cost_field(console, evening)).to_have_value("1")


def save_cost(console, evening, typed: str, shown: str):
    field = cost_field(console, evening)
    field.fill(typed)
    expect(cost_preview(console, evening)).to_have_text(f"= {shown}")  # what will be saved, before saving
    field.press("Enter")


def test_every_dutch_way_of_writing_a_cost_is_stored_as_meant_and_shown_on_the_wall(evening, open_context, check_page):
    console = open_context(LAPTOP)
    console.goto(evening["table"]["console"])
    open_option_editor(console, evening)
    wall = open_context(PROJECTOR)
    wall.goto(evening["table"]["wall"])
    field = cost_field(console, evening)
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("inputmode") == "decimal" and field.get_attribute("autocomplete") == "off"
    preview = cost_preview(console, evening)
    assert preview.get_attribute("aria-live") == "polite"
    assert preview.get_attribute("id") in field.get_attribute("aria-describedby").split()

    for typed, cents, shown in ACCEPTED_NL:
        back_to_the_sentinel(evening, console, wall)
        save_cost(console, evening, typed, shown)
        expect(wall.locator(".wall-cost")).to_have_text(shown)
        assert option_cents(evening) == cents, typed
        # Shown back in the field the Dutch way, ready to be read again as the same amount.
        expect(field).to_have_value(shown.removeprefix("€ "))
        if typed == "3.000,50":
            console.set_viewport_size({"width": 1280, "height": 800})
            field.fill("3.000,50")
            expect(preview).to_have_text("= € 3.000,50")
            check_page(console, "money-console-option-cost")
            field.scroll_into_view_if_needed()
            console.screenshot(path=str(ARTIFACTS / "money-console-1280x800.png"))
            console.set_viewport_size({"width": 1024, "height": 768})
            field.scroll_into_view_if_needed()
            console.screenshot(path=str(ARTIFACTS / "money-console-1024x768.png"))
            console.set_viewport_size(LAPTOP["viewport"])
    check_page(wall, "money-wall-option-cost")


def test_every_english_way_of_writing_a_cost_is_stored_as_meant(evening, open_context):
    console = open_context(LAPTOP, locale="en-GB")
    console.goto(evening["table"]["console"])
    open_option_editor(console, evening)
    wall = open_context(PROJECTOR)
    wall.goto(evening["table"]["wall"])
    for typed, cents, shown in ACCEPTED_EN:
        back_to_the_sentinel(evening, console, wall)
        save_cost(console, evening, typed, shown)
        expect(wall.locator(".wall-cost")).to_have_text(f"€ {cents // 100:,}".replace(",", ".")
                                                        + (f",{cents % 100:02d}" if cents % 100 else ""))
        assert option_cents(evening) == cents, typed
        expect(cost_field(console, evening)).to_have_value(shown.removeprefix("€ "))


def test_every_dutch_way_of_writing_a_round_budget_is_stored_as_meant(evening, open_context, check_page):
    page = open_context(LAPTOP)
    log_in(page, evening)
    for typed, cents, shown in ACCEPTED_NL:
        page.goto(evening["server"].url + "/organiser")
        fill_round_form(page, typed)
        preview = page.locator("[data-money-preview-of=budget]")
        expect(preview).to_have_text(f"= {shown}")
        if typed == "3.000,50":
            check_page(page, "money-round-form")
            page.locator("#budget").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "money-round-form-1280x800.png"))
        page.get_by_role("button", name="Ronde aanmaken").click()
        expect(page).to_have_url(re.compile(r"/organiser/rounds/\d+$"))
        round_id = int(page.url.rsplit("/", 1)[1])
        assert stored(evening["server"], "SELECT budget_cents FROM budget_round WHERE id = ?", round_id) == cents, typed
        expect(page.locator(".lead")).to_contain_text(f"budget {shown}")  # shown back the Dutch way

    # The English page reads the English way.
    page.goto(evening["server"].url + "/lang/en?next=/organiser")
    for typed, cents, shown in ACCEPTED_EN:
        page.goto(evening["server"].url + "/organiser")
        fill_round_form(page, typed, english=True)
        expect(page.locator("[data-money-preview-of=budget]")).to_have_text(f"= {shown}")
        page.get_by_role("button", name="Create round").click()
        expect(page).to_have_url(re.compile(r"/organiser/rounds/\d+$"))
        assert stored(evening["server"], "SELECT budget_cents FROM budget_round WHERE id = ?",
                      int(page.url.rsplit("/", 1)[1])) == cents, typed


def test_the_round_form_on_a_phone_shows_the_amount_understood(evening, open_context):
    page = open_context({"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True})
    log_in(page, evening)
    fill_round_form(page, "€ 25.000,-")
    expect(page.locator("[data-money-preview-of=budget]")).to_have_text("= € 25.000")
    page.locator("#budget").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "money-round-form-360x740.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.parametrize("typed", list(REFUSED_NL))
def test_an_amount_that_cannot_be_read_for_sure_is_refused_with_how_to_write_it(evening, open_context, check_page, typed):
    message = REFUSED_NL[typed]
    console = open_context(LAPTOP)
    console.goto(evening["table"]["console"])
    open_option_editor(console, evening)
    wall = open_context(PROJECTOR)
    wall.goto(evening["table"]["wall"])
    back_to_the_sentinel(evening, console, wall)
    field = cost_field(console, evening)
    field.fill(typed)
    expect(cost_preview(console, evening)).to_have_text(message)  # before saving
    expect(field).to_have_attribute("aria-invalid", "true")
    field.press("Enter")  # saving anyway: the server refuses with the same words
    expect(console.locator("[data-grouping] [data-error]").first).to_have_text(message)
    assert option_cents(evening) == SENTINEL_EUROS * 100
    expect(wall.locator(".wall-cost")).to_have_text("€ 1")
    if typed == "3.5":
        check_page(console, "money-console-refused")

    organiser = open_context(LAPTOP)
    log_in(organiser, evening)
    rounds_before = stored(evening["server"], "SELECT count(*) FROM budget_round")
    fill_round_form(organiser, typed)
    expect(organiser.locator("[data-money-preview-of=budget]")).to_have_text(message)
    organiser.get_by_role("button", name="Ronde aanmaken").click()
    expect(organiser.locator("#budget-error")).to_have_text(message)
    assert stored(evening["server"], "SELECT count(*) FROM budget_round") == rounds_before
    if typed == "3.5":
        check_page(organiser, "money-round-form-refused")
