"""The round's public results page in Chromium: the organiser publishes the demo round and
records how a plan is going; a neighbour opens the page on a phone from a poster, in Dutch
and in English, also without JavaScript. axe-core checks every page; screenshots at the
sizes people use (phones from a poster, the organiser's laptop)."""
import os
from pathlib import Path

from playwright.sync_api import expect

from .conftest import LAPTOP
from .test_minutes import log_in, run_demo

SHOTS = Path(os.environ.get("SHOTS_DIR", "test-artifacts"))
PHONE_360 = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PHONE_320 = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def nothing_sideways(page):
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), page.url


def test_the_organiser_publishes_and_a_neighbour_reads_the_results_on_a_phone(server, open_context, check_page):
    demo = run_demo(server)
    organiser = open_context(LAPTOP)
    log_in(organiser, server, demo["password"])
    organiser.get_by_role("link", name="Buurtbudget Oosterpark 2026").click()
    expect(organiser.get_by_role("heading", name="Openbare uitslagpagina")).to_be_visible()
    shot(organiser, "organiser-round-1280")
    organiser.get_by_role("link", name="Openbare uitslag en voortgang").click()
    expect(organiser.get_by_role("heading", name="Openbare uitslagpagina", level=1)).to_be_visible()
    expect(organiser.get_by_text("Niet openbaar", exact=True)).to_be_visible()
    check_page(organiser, "results-organiser-before")
    shot(organiser, "organiser-results-before-1280")
    organiser.get_by_role("link", name="Bekijk een voorbeeld van de pagina").click()
    expect(organiser.get_by_text("De buurt kan deze pagina nog niet zien.")).to_be_visible()
    check_page(organiser, "results-preview")
    shot(organiser, "organiser-preview-1280")
    organiser.get_by_role("link", name="Terug naar publiceren").click()

    organiser.get_by_role("button", name="Publiceer de uitslagpagina").click()
    expect(organiser.get_by_text("De uitslagpagina is nu openbaar.")).to_be_visible()
    expect(organiser.get_by_role("img", name="QR-code van de korte link")).to_be_visible()
    link = organiser.locator("#results-link").input_value()

    # The first funded plan is under way; a dropped one without a reason is refused.
    plans = organiser.locator("article.status-option")
    first = plans.nth(0)
    first.get_by_label("Hoe staat het ervoor?").select_option("in_uitvoering")
    first.get_by_label("Datum (bijvoorbeeld 7-12-2026)").fill("15 januari 2027")
    first.get_by_label("Korte toelichting (optioneel)").fill("De eerste toestellen staan er")
    first.get_by_role("button", name="Sla de stand op").click()
    expect(organiser.get_by_text("De stand is opgeslagen en staat op de uitslagpagina.")).to_be_visible()
    # Typed afterwards, but it happened before: history, not the status.
    first = organiser.locator("article.status-option").nth(0)
    first.get_by_label("Hoe staat het ervoor?").select_option("gepland")
    first.get_by_label("Datum (bijvoorbeeld 7-12-2026)").fill("1-12-2026")
    first.get_by_label("Korte toelichting (optioneel)").fill("Offerte gevraagd bij twee leveranciers")
    first.get_by_role("button", name="Sla de stand op").click()
    expect(organiser.get_by_text("De stand is opgeslagen en staat op de uitslagpagina.")).to_be_visible()
    second = organiser.locator("article.status-option").nth(1)
    second.get_by_label("Hoe staat het ervoor?").select_option("vervallen")
    second.get_by_label("Datum (bijvoorbeeld 7-12-2026)").fill("31-2-2027")
    second.get_by_role("button", name="Sla de stand op").click()
    second = organiser.locator("article.status-option").nth(1)
    expect(second.get_by_text("Vul een geldige datum in als dag-maand-jaar")).to_be_visible()
    expect(second.get_by_text("Een vervallen plan heeft een reden nodig")).to_have_count(0)  # one error at a time
    second.get_by_label("Datum (bijvoorbeeld 7-12-2026)").fill("1-2-2027")
    second.get_by_role("button", name="Sla de stand op").click()
    second = organiser.locator("article.status-option").nth(1)
    expect(second.get_by_text("Een vervallen plan heeft een reden nodig")).to_be_visible()
    expect(second.get_by_label("Reden (verplicht bij vervallen)")).to_have_attribute("aria-invalid", "true")
    check_page(organiser, "results-organiser-error")
    shot(organiser, "organiser-results-error-1280")
    second.get_by_label("Reden (verplicht bij vervallen)").fill("De grond blijkt verkocht")
    second.get_by_role("button", name="Sla de stand op").click()
    expect(organiser.get_by_text("De stand is opgeslagen en staat op de uitslagpagina.")).to_be_visible()
    check_page(organiser, "results-organiser-published")
    shot(organiser, "organiser-results-published-1280")

    for kind, size in ((PHONE_360, "360"), (PHONE_320, "320"), (LAPTOP, "1280")):
        neighbour = open_context(kind)
        neighbour.goto(link)
        expect(neighbour.get_by_role("heading", name="Buurtbudget Oosterpark 2026", level=1)).to_be_visible()
        expect(neighbour.get_by_role("heading", name="Wat er besloten is")).to_be_visible()
        expect(neighbour.locator(".budget-bar svg")).to_be_visible()
        expect(neighbour.locator(".status-text", has_text="De eerste toestellen staan er")).to_be_visible()
        expect(neighbour.get_by_text("De grond blijkt verkocht")).to_be_visible()
        nothing_sideways(neighbour)
        check_page(neighbour, f"results-public-nl-{size}")
        shot(neighbour, f"public-nl-{size}")
        neighbour.get_by_role("link", name="English").click()
        expect(neighbour.get_by_role("heading", name="What was decided")).to_be_visible()
        expect(neighbour.locator("html")).to_have_attribute("lang", "en")
        nothing_sideways(neighbour)
        check_page(neighbour, f"results-public-en-{size}")
        shot(neighbour, f"public-en-{size}")

    # Without JavaScript: the history opens, the minutes download.
    plain = open_context({**PHONE_360, "java_script_enabled": False})
    plain.goto(link)
    plan = plain.locator("li.funded-option").first
    expect(plan.locator(".status-badge")).to_have_text("In uitvoering")
    expect(plan.get_by_text("Offerte gevraagd bij twee leveranciers")).to_be_hidden()
    plan.get_by_text("Alle 2 updates").click()
    expect(plan.get_by_text("Offerte gevraagd bij twee leveranciers")).to_be_visible()
    shot(plain, "public-nl-360-no-script-history")
    with plain.expect_download() as download:
        plain.get_by_role("link", name="Markdown").click()
    assert download.value.suggested_filename.endswith(".md")
    text = Path(download.value.path()).read_text()
    assert "Groen en spelen" in text and "Anneke" not in text and "Fatima" not in text

    # Taken down: the link is gone.
    organiser.get_by_role("button", name="Haal de pagina offline").click()
    expect(organiser.get_by_text("De uitslagpagina is niet meer openbaar.")).to_be_visible()
    gone = open_context(PHONE_360)
    assert gone.goto(link).status == 404
