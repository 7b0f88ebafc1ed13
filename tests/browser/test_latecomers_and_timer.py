"""Latecomers and the timer in Chromium: the console's button puts the join QR code large on
a connected wall (in any phase), a reloaded wall keeps it, "Verberg QR-code" takes it away;
the console shows the wall and join links; a time per phase sets the timer when the phase
changes; once the table is closed the timer shows no running state and its buttons are off."""
import re

from playwright.sync_api import expect

from tests.support.web import Organiser

from .conftest import ARTIFACTS, LAPTOP, PROJECTOR


def a_table(server) -> dict:
    organiser = Organiser(server.url).set_up(server.setup_link())
    return organiser.create_table(organiser.create_round())


def test_the_console_puts_the_join_qr_on_the_wall_and_takes_it_away(server, open_context, check_page):
    links = a_table(server)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    expect(wall.locator("[data-connection]")).to_have_text("Verbonden")

    # The console shows where the wall is, to open it on the projector, and the join link,
    # one tap away in its bar whatever the phase.
    console.locator("summary", has_text="QR-code").click()
    block = console.locator("[data-join-qr-control]")
    expect(block.get_by_role("link", name=links["wall"])).to_have_attribute("href", links["wall"])
    expect(block).to_contain_text(links["join"])
    console.keyboard.press("Escape")  # the pop-up folds away from the phase stepper
    expect(block).to_be_hidden()

    # In a later phase the wall no longer shows the QR code by itself.
    console.get_by_role("button", name="Afwegen", exact=True).click()
    expect(wall.locator("[data-phase-name]")).to_have_text("Afwegen")
    overlay = wall.locator("[data-join-qr-overlay]")
    expect(overlay).to_be_hidden()

    console.locator("summary", has_text="QR-code").click()
    show = console.get_by_role("button", name="Toon QR-code op de muur")
    show.focus()
    console.keyboard.press("Enter")  # by keyboard, as any control
    expect(overlay).to_be_visible()
    expect(overlay.locator(".join-qr-overlay-code")).to_have_text(links["code"])
    expect(overlay.get_by_role("img")).to_have_attribute("alt", re.compile(re.escape(links["join"])))
    assert wall.evaluate("document.querySelector('.join-qr-overlay-image').naturalWidth") > 0  # the QR loaded
    expect(console.get_by_role("button", name="Verberg QR-code")).to_be_visible()
    expect(console.locator("[data-join-qr-status]")).to_have_text("De muur toont nu de QR-code, over de fase heen.")
    check_page(wall, "wall-join-qr-overlay")
    wall.screenshot(path=str(ARTIFACTS / "wall-join-qr-overlay-1920x1080.png"))
    check_page(console, "console-join-qr-shown")
    console.screenshot(path=str(ARTIFACTS / "console-join-qr-1280x800.png"))
    console.set_viewport_size({"width": 1024, "height": 768})
    console.screenshot(path=str(ARTIFACTS / "console-join-qr-1024x768.png"))
    assert console.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    console.set_viewport_size(LAPTOP["viewport"])

    # It is table state: a wall that reloads shows it again.
    wall.reload()
    expect(wall.locator("[data-connection]")).to_have_text("Verbonden")
    expect(overlay).to_be_visible()

    console.get_by_role("button", name="Verberg QR-code").click()
    expect(overlay).to_be_hidden()
    expect(wall.locator("[data-phase-name]")).to_be_visible()
    expect(console.get_by_role("button", name="Toon QR-code op de muur")).to_be_visible()


def test_a_time_per_phase_sets_the_timer_and_a_closed_tables_timer_is_stopped_and_off(server, open_context, check_page):
    links = a_table(server)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    expect(console.locator("[data-connection]")).to_have_text("Verbonden")

    console.get_by_text("Timer instellen").click()
    console.get_by_text("Tijd per fase (optioneel)").click()
    console.get_by_label("Tijd voor Inbreng").fill("15")
    console.get_by_label("Tijd voor Afwegen").fill("10")
    console.get_by_role("button", name="Tijden opslaan").click()
    expect(console.locator("[data-phase-timers-saved]")).to_have_text("Tijden opgeslagen. Ze gelden vanaf de volgende fasewissel.")
    check_page(console, "console-phase-timers")
    console.keyboard.press("Escape")  # the pop-up folds away from the phase stepper

    console.get_by_role("button", name="Start", exact=True).click()
    expect(console.locator("[data-timer-state]")).to_have_text("loopt")
    console.locator("[data-phase-list]").get_by_role("button", name="Inbreng", exact=True).click()
    for page in (console, wall):
        expect(page.locator("[data-timer]").first).to_have_text("15:00")
    expect(console.locator("[data-timer-state]")).to_have_text("nog niet gestart")
    console.locator("[data-phase-list]").get_by_role("button", name="Afwegen", exact=True).click()
    expect(wall.locator("[data-timer]")).to_have_text("10:00")

    # Closed: the timer stands still, says so, and its controls are off.
    console.get_by_role("button", name="Start", exact=True).click()
    expect(console.locator("[data-timer-state]")).to_have_text("loopt")
    console.locator("[data-phase-list]").get_by_role("button", name="Afgerond", exact=True).click()
    console.get_by_role("button", name="Verslag vaststellen en tafel sluiten").click()
    expect(console.locator("[data-timer-state]")).to_have_text("gestopt: de tafel is gesloten")
    console.locator("summary", has_text="Timer instellen").click()
    for name in ("Start", "Pauzeer", "Timer terugzetten", "Tijden opslaan"):
        expect(console.get_by_role("button", name=name, exact=True)).to_be_disabled()
    console.locator("summary", has_text="QR-code").click()  # folds the timer's pop-up away
    expect(console.get_by_role("button", name="Tijden opslaan")).to_be_hidden()
    expect(console.get_by_role("button", name="Toon QR-code op de muur")).to_be_disabled()
    shown = console.locator("[data-timer]").inner_text()
    console.wait_for_timeout(1500)  # a stopped clock: the same time a while later
    assert console.locator("[data-timer]").inner_text() == shown
    console.reload()
    expect(console.locator("[data-timer-state]")).to_have_text("gestopt: de tafel is gesloten")
    expect(console.get_by_role("button", name="Start", exact=True)).to_be_disabled()
    check_page(console, "console-timer-closed")
