"""The newcomer's path in Chromium: `flask demo` next to a running server, then the
organiser's live round overview, the minutes in the browser, the wall showing the
minutes in Afgerond while the console reopens and confirms them, and erasing the
round's personal data. axe-core checks every page, on a laptop and on a phone."""
import os
import re
import subprocess
import sys

from playwright.sync_api import expect

from tests.support.server import ROOT

from .conftest import LAPTOP, PHONE, PROJECTOR


def run_demo(server) -> dict:
    env = {**os.environ, "INSTANCE_PATH": str(server.instance_path)}
    env.pop("DATABASE_URL", None)
    output = subprocess.run([sys.executable, "-m", "flask", "--app", "facilitator", "demo"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True).stdout
    return {"password": re.search(r"with password (\S+)", output).group(1),
            "round": int(re.search(r"Round (\d+)", output).group(1)),
            "tables": [int(n) for n in re.findall(r"Table (\d+)", output)]}


def log_in(page, server, password):
    page.goto(server.url + "/login")
    page.get_by_label("E-mailadres").fill("demo@example.org")
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Buurtbudget Oosterpark 2026")).to_be_visible()


def test_a_newcomer_follows_the_demo_round_checks_the_minutes_and_erases_its_people(server, open_context, check_page):
    demo = run_demo(server)
    organiser = open_context(LAPTOP)
    log_in(organiser, server, demo["password"])
    organiser.get_by_role("link", name="Buurtbudget Oosterpark 2026").click()
    first_row = organiser.locator(f"tr[data-table-id='{demo['tables'][0]}']")
    expect(first_row.locator("[data-field=phase]")).to_have_text("Afgerond · verslag definitief")
    expect(organiser.locator("#round-total")).to_contain_text("meer dan het budget van de ronde")
    check_page(organiser, "organiser-round-overview")

    phone_sized = open_context(PHONE)
    log_in(phone_sized, server, demo["password"])
    phone_sized.goto(organiser.url)
    check_page(phone_sized, "organiser-round-overview-phone")

    # The minutes of a table in the browser, in English.
    organiser.get_by_role("link", name="Groen en spelen").click()
    table_page = organiser.url
    organiser.get_by_label("Formaat").select_option("html")
    organiser.get_by_label("Taal", exact=True).select_option("en")
    organiser.get_by_role("button", name="Verslag ophalen").click()
    expect(organiser.get_by_role("heading", name="Minutes: Groen en spelen")).to_be_visible()
    expect(organiser.get_by_role("columnheader", name="Final allocation")).to_be_visible()
    expect(organiser.get_by_text("Die van nummer 14")).to_have_count(0)  # the hidden argument
    check_page(organiser, "minutes-in-the-browser")
    phone_sized.goto(organiser.url)
    check_page(phone_sized, "minutes-in-the-browser-phone")

    # The console reopens the table; the wall shows the draft; confirming makes it final again.
    organiser.goto(table_page)
    console_link = organiser.locator("#console-link").input_value()
    wall_link = organiser.locator("#wall-link").input_value()
    console = open_context(LAPTOP)
    console.goto(console_link)
    wall = open_context(PROJECTOR)
    wall.goto(wall_link)
    # The wall opens on the one-screen summary; the facilitator pages through the draft.
    expect(wall.locator("[data-summary-heading]")).to_have_text("Het verslag is vastgesteld")
    console.get_by_role("button", name="Tafel heropenen voor een correctie").click()
    expect(wall.locator("[data-summary-heading]")).to_have_text(
        "Conceptverslag: kijk het samen na voordat je weggaat")
    expect(wall.locator("[data-wall-summary] .budget-bar")).to_be_visible()
    check_page(wall, "wall-draft-summary")
    console.get_by_role("button", name="Volgende pagina op de muur").click()
    expect(wall.locator("[data-wall-minutes-heading]")).to_have_text("Verslag: Groen en spelen")
    expect(wall.locator(".minutes-note")).to_have_text("Concept: de tafel heeft dit verslag nog niet vastgesteld.")
    expect(wall.get_by_role("timer")).to_be_hidden()  # nobody is timed once the table is done
    check_page(wall, "wall-draft-minutes")
    check_page(console, "console-minutes")

    # The organiser's overview follows: the table is a draft again, without reloading.
    organiser.goto(server.url + f"/organiser/rounds/{demo['round']}")
    expect(first_row.locator("[data-field=phase]")).to_have_text("Afgerond")
    console.get_by_role("button", name="Verslag vaststellen en tafel sluiten").click()
    expect(wall.locator("[data-wall-minutes-heading]")).to_have_text("Verslag: Groen en spelen")
    console.get_by_role("button", name="Tafel heropenen voor een correctie").click()
    console.get_by_role("button", name="Vorige pagina op de muur").click()
    console.get_by_role("button", name="Verslag vaststellen en tafel sluiten").click()
    expect(wall.locator("[data-summary-heading]")).to_have_text("Het verslag is vastgesteld")
    expect(first_row.locator("[data-field=phase]")).to_have_text("Afgerond · verslag definitief", timeout=15_000)

    # Erasing the round's personal data: the box must be ticked.
    organiser.get_by_role("button", name="Persoonsgegevens van deze ronde nu wissen").click()
    expect(organiser.get_by_text("Vink het vakje aan om te bevestigen.")).to_be_visible()
    check_page(organiser, "organiser-erase-refused")
    organiser.get_by_label("Ik begrijp het").check()
    organiser.get_by_role("button", name="Persoonsgegevens van deze ronde nu wissen").click()
    expect(organiser.get_by_text("De persoonsgegevens van 14 deelnemers zijn gewist.")).to_be_visible()
    check_page(organiser, "organiser-round-erased")
    # The console's link was replaced: the facilitator's page says so.
    console.reload()
    expect(console.get_by_role("heading", name="Link werkt niet meer")).to_be_visible()
