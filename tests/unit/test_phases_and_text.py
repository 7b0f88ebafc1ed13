import pytest

from sessions.accounts import hash_password, normalise_email, password_matches
from sessions.errors import DomainError
from sessions.events import TableEvent
from sessions.models import clean_text
from sessions.phases import PHASE_ORDER, PHASE_RULES, parse_phase


def test_the_eight_phases_come_in_the_order_of_an_evening():
    assert [p.value for p in PHASE_ORDER] == [
        "welkom", "kaders", "inbreng", "ordenen", "afwegen", "verdelen", "besluiten", "afgerond"]


def test_each_phase_says_what_people_may_do_in_it():
    collecting = [phase for phase, rules in PHASE_RULES.items() if rules["collects_arguments"]]
    assert collecting == ["inbreng", "afwegen"]
    assert [phase for phase, rules in PHASE_RULES.items() if rules["takes_reactions"]] == ["afwegen"]
    assert not PHASE_RULES["kaders"]["shows_arguments"] and PHASE_RULES["inbreng"]["shows_arguments"]
    assert not PHASE_RULES["inbreng"]["shows_groups"] and PHASE_RULES["afgerond"]["shows_groups"]
    assert [p for p, rules in PHASE_RULES.items() if rules["shows_decision"]] == ["besluiten", "afgerond"]


@pytest.mark.parametrize("value", ["", "WELKOM", "pauze", 3, None, ["kaders"]])
def test_unknown_phases_are_refused(value):
    with pytest.raises(DomainError, match="unknown_phase"):
        parse_phase(value)


def test_text_is_trimmed_and_limited():
    assert clean_text("  Buurthuis   De Meeuw ", code="x", max_length=20) == "Buurthuis De Meeuw"
    assert clean_text("   ", code="x", max_length=5, required=False) is None
    for bad in ("", "x" * 21, 5, ["a"]):
        with pytest.raises(DomainError):
            clean_text(bad, code="x", max_length=20)


def test_passwords_are_hashed_and_checked():
    hashed = hash_password("lang genoeg wachtwoord")
    assert hashed.startswith("$argon2id$")
    assert password_matches(hashed, "lang genoeg wachtwoord")
    assert not password_matches(hashed, "lang genoeg wachtwoorD")
    assert not password_matches(None, "anything")
    with pytest.raises(DomainError, match="password_too_short"):
        hash_password("kort")


def test_email_addresses_are_normalised_and_checked():
    assert normalise_email("  Org@Example.NL ") == "org@example.nl"
    for bad in ("", "no-at-sign", "a@b", "a b@c.nl", 42):
        with pytest.raises(DomainError, match="email_invalid"):
            normalise_email(bad)


def test_the_console_gets_its_own_payload_and_everyone_gets_the_sequence_number():
    event = TableEvent("participant_joined", 7, 3, payload={"participant_count": 2},
                       console_payload={"participant_count": 2, "participant": {"id": 9}})
    assert event.wire(for_console=False) == {"table_id": 7, "seq": 3, "participant_count": 2}
    assert event.wire(for_console=True)["participant"] == {"id": 9}


@pytest.mark.parametrize("bad", ["a\x00b", "a\x01b", "\x1f", "a\x7f", "a\x85b", "\ufffe", "\uffff", "\ud800"])
def test_one_rule_refuses_what_xml_cannot_hold_in_every_cleaner(bad):
    from sessions.arguments import clean_argument_text
    from sessions.consensus import clean_signal
    from sessions.frame import frame_text
    for clean in (lambda v: clean_text(v, code="x", max_length=50), clean_argument_text,
                  lambda v: frame_text(v, code="x"), lambda v: clean_signal(5, v), normalise_email):
        with pytest.raises(DomainError, match="invalid_characters"):
            clean(bad)


def test_tabs_and_line_breaks_are_normal_text_and_invisible_only_text_is_empty():
    from sessions.arguments import clean_argument_text
    from sessions.text import is_blank, strip_unholdable
    assert clean_argument_text("Meer\tgroen\r\nin de straat") == "Meer groen\nin de straat"
    assert clean_argument_text("Fietsen 👩\u200d👩\u200d👧") == "Fietsen 👩\u200d👩\u200d👧"  # joiners inside emoji stay
    assert clean_text("\u200b\u2060\u3164", code="x", max_length=5, required=False) is None
    assert is_blank("\u200b \u00a0\u2800\u115f\u200e") and not is_blank("\u200ba")
    assert strip_unholdable("hallo\x01wereld\ufffe\t") == "hallowereld\t"
