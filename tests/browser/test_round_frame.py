"""The round's own frame and table budgets in Chromium: the organiser sets them on the
round page (axe on the forms, with and without an error); the console, phone and wall
show the round's frame read-only in Kaders, with the table's share, and follow a new
split live. Screenshots at the sizes people use go to SHOTS."""
import os
from pathlib import Path

from playwright.sync_api import expect

from .conftest import LAPTOP, PROJECTOR
from .test_first_evening import set_up_table

SHOTS = Path(os.environ.get("SHOTS_DIR", "test-artifacts"))
SMALL_PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True,
               "device_scale_factor": 2}
PHONE_360 = {**SMALL_PHONE, "viewport": {"width": 360, "height": 740}}
TABLET = {"viewport": {"width": 1024, "height": 768}}
GOALS = "Meer groen en plekken om elkaar te ontmoeten, in de hele wijk."


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def test_the_round_frame_is_set_on_the_round_page_and_shown_at_every_table(server, open_context, check_page):
    organiser = open_context(LAPTOP)
    links = set_up_table(organiser, server, lambda page, name: None)
    organiser.get_by_role("link", name="Buurtbudget Noord 2027").click()
    round_url = organiser.url
    organiser.get_by_label("Titel", exact=True).fill("Tafel Zuid")
    organiser.get_by_label("Plaats", exact=True).fill("Bibliotheek")
    organiser.get_by_label("Begint op").fill("2027-01-15T19:30")
    organiser.get_by_role("button", name="Tafel aanmaken").click()
    organiser.goto(round_url)
    check_page(organiser, "organiser-round-frame-empty")

    organiser.get_by_label("Doelen van de ronde").fill(GOALS)
    organiser.get_by_label("Voorwaarden van de ronde").fill("Alleen eenmalige kosten.")
    organiser.get_by_label("Meeste steun eerst: de opties met de meeste steun").check()
    organiser.get_by_label("Tafelbudgetten: het rondebudget wordt over de tafels verdeeld").check()
    organiser.get_by_role("button", name="Kaders van de ronde opslaan").click()
    expect(organiser.get_by_text("De kaders van de ronde zijn opgeslagen.")).to_be_visible()

    organiser.get_by_label("Speeltuin of moestuin?").fill("5.000")
    organiser.get_by_label("Tafel Zuid").fill("7.000")
    organiser.get_by_role("button", name="Tafelbudgetten opslaan").click()
    error = organiser.locator("#shares-error")
    expect(error).to_contain_text("van het rondebudget van €\u00a012.500 is nog €\u00a0500 te verdelen.")
    check_page(organiser, "organiser-round-shares-error")
    expect(organiser.get_by_label("Tafel Zuid")).to_have_value("7.000")  # what was typed stays

    console = open_context(LAPTOP)
    console.goto(links["console"])
    phone = open_context(PHONE_360)
    phone.goto(links["join"])
    phone.get_by_role("button", name="Doe mee").click()
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    console.get_by_role("button", name="Volgende fase").click()
    for page in (console, phone, wall):
        expect(page.locator("[data-phase-name]").first).to_have_text("Kaders")
        card = page.locator("[data-round-frame]")
        expect(card).to_contain_text(GOALS)
        expect(card).to_contain_text("Meeste steun eerst")
        # Saved as table budgets, but no share yet: this table has nothing to decide on.
        expect(card).to_contain_text("€\u00a00 van het rondebudget van €\u00a012.500")

    # The organiser splits the budget; every page of the table follows without reloading.
    organiser.get_by_label("Tafel Zuid").fill("7.500")
    organiser.get_by_role("button", name="Tafelbudgetten opslaan").click()
    expect(organiser.get_by_text("De tafelbudgetten zijn opgeslagen.")).to_be_visible()
    for page in (console, phone, wall):
        expect(page.locator("[data-round-frame]")).to_contain_text("€\u00a05.000 van het rondebudget van €\u00a012.500")
    # The table's own frame beside the round's: on the wall side by side, both legible.
    console.get_by_label("Doelen").fill("Een speelplek die ook voor ouderen fijn is.")
    console.get_by_label("Rollen").fill("Fatima leidt, Joost let op de tijd.")
    console.get_by_role("button", name="Kaders opslaan").click()
    expect(wall.locator("[data-frame-card]")).to_contain_text("Een speelplek die ook voor ouderen fijn is.")
    wall.screenshot(path=str(SHOTS / "wall-kaders-round-frame.png"))
    for selector in ("[data-frame-card]", "[data-round-frame]"):
        box = wall.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= 1080, f"{selector} runs off the wall"
        size = wall.locator(selector + " dd").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 28, f"{selector}: {size}px on the wall"
    check_page(organiser, "organiser-round-frame-saved")
    check_page(console, "console-kaders-round-frame")
    check_page(phone, "phone-kaders-round-frame")
    check_page(wall, "wall-kaders-round-frame")
    expect(phone.locator("[data-round-frame-label='conditions']")).to_be_visible()

    shot(organiser, "organiser-round-1280x800")
    shot(console, "console-kaders-1280x800")
    shot(wall, "wall-kaders-1920x1080")
    shot(phone, "phone-kaders-360x740")
    no_sideways_scroll(phone)
    for kind, name in ((TABLET, "console-kaders-1024x768"),):
        page = open_context(kind)
        page.goto(links["console"])
        expect(page.locator("[data-round-frame]")).to_be_visible()
        no_sideways_scroll(page)
        shot(page, name)
    small = open_context(SMALL_PHONE)
    small.goto(links["join"])
    small.get_by_role("button", name="Doe mee").click()
    expect(small.locator("[data-round-frame]")).to_be_visible()
    no_sideways_scroll(small)
    shot(small, "phone-kaders-320x640")
    narrow = open_context(PHONE_360)
    narrow.context.add_cookies(organiser.context.cookies())
    narrow.goto(round_url)
    expect(narrow.get_by_role("heading", name="Kaders van de ronde")).to_be_visible()
    no_sideways_scroll(narrow)
    check_page(narrow, "organiser-round-360")
    shot(narrow, "organiser-round-360x740")
