"""Kaders in Chromium: the facilitator records the frame; phones and wall show it."""
from playwright.sync_api import expect

from .conftest import LAPTOP, PHONE, PROJECTOR
from .test_first_evening import set_up_table


def test_the_frame_agreed_at_the_table_shows_on_phones_and_wall(server, open_context, check_page):
    links = set_up_table(open_context(LAPTOP), server, lambda page, name: None)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    phone = open_context(PHONE)
    phone.goto(links["join"])
    phone.get_by_role("button", name="Doe mee").click()
    console.get_by_role("button", name="Volgende fase").click()
    expect(phone.locator("[data-phase-name]")).to_have_text("Kaders")
    expect(phone.locator("[data-frame-card]")).to_be_hidden()  # nothing agreed yet

    console.get_by_label("Doelen").fill("Meer plekken om elkaar te ontmoeten.")
    console.get_by_label("Rollen").fill("Fatima leidt, Joost let op de tijd.")
    console.get_by_label("Voorwaarden bij het budget").fill("Alleen eenmalige uitgaven.")
    console.get_by_label("Verdelen: punten verdelen over de opties").check()
    console.get_by_label("Meeste steun eerst, zolang het geld strekt").check()
    console.get_by_label("Drie op de vier eens en niemand heeft bezwaar").check()
    console.get_by_role("button", name="Kaders opslaan").click()
    expect(console.locator("[data-frame-status]")).to_have_text("De kaders zijn opgeslagen; telefoons en scherm tonen ze.")

    for page in (phone, wall):
        card = page.locator("[data-frame-card]")
        expect(card).to_contain_text("Meer plekken om elkaar te ontmoeten.")
        expect(card).to_contain_text("Verdelen: punten verdelen over de opties")
        expect(card).to_contain_text("Drie op de vier eens en niemand heeft bezwaar")
    check_page(console, "console-kaders-frame")
    check_page(phone, "phone-kaders-frame")
    check_page(wall, "wall-kaders-frame")

    # A console opened later shows the saved frame in its form.
    again = open_context(LAPTOP)
    again.goto(links["console"])
    expect(again.get_by_label("Doelen")).to_have_value("Meer plekken om elkaar te ontmoeten.")
    expect(again.get_by_label("Meeste steun eerst, zolang het geld strekt")).to_be_checked()
