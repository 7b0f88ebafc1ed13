"""The rules of a round's public results: status updates, dates as a Dutch organiser types
them, the code on a poster, and minutes made fit for anybody."""
from datetime import date

import pytest

from sessions.errors import DomainError
from sessions.join_codes import JOIN_CODE_ALPHABET
from sessions.public_results import (RESULTS_CODE_LENGTH, Status, anonymous_minutes, clean_status_update,
                                     generate_results_code, latest_status, normalise_results_code, parse_dutch_date)


@pytest.mark.parametrize("typed, expected", [
    ("7-12-2026", date(2026, 12, 7)),
    ("07-12-2026", date(2026, 12, 7)),
    ("7/12/2026", date(2026, 12, 7)),
    ("7.12.2026", date(2026, 12, 7)),
    ("3-4-2027", date(2027, 4, 3)),          # day first, always
    ("  7 december 2026 ", date(2026, 12, 7)),
    ("7 December 2026", date(2026, 12, 7)),
    ("7 dec 2026", date(2026, 12, 7)),
    ("7 dec. 2026", date(2026, 12, 7)),
    ("1 mrt 2027", date(2027, 3, 1)),
    ("1 maart 2027", date(2027, 3, 1)),
    ("31 mei 2027", date(2027, 5, 31)),
    ("1 oktober 2027", date(2027, 10, 1)),
    ("1 october 2027", date(2027, 10, 1)),
    ("2026-12-07", date(2026, 12, 7)),       # what a date picker sends
    ("29-2-2028", date(2028, 2, 29)),
])
def test_dates_as_a_dutch_organiser_types_them(typed, expected):
    assert parse_dutch_date(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "morgen", "31-2-2027", "29-2-2027", "13-13-2026", "0-1-2026",
                                   "7-12-26", "12/7", "7 decembre 2026", "7 december", "1-1-1999", "1-1-2101",
                                   "2026-13-01", "7-12-2026 12:00", "7--12-2026", "١-١-٢٠٢٦", None, 20261207,
                                   "7-12-2026\x00", "9" * 5000])
def test_what_is_not_a_date_is_refused_with_one_code(typed):
    with pytest.raises(DomainError) as refused:
        parse_dutch_date(typed)
    assert refused.value.code == "status_date_invalid"


def test_a_dropped_plan_needs_a_reason_and_only_a_dropped_one_keeps_it():
    with pytest.raises(DomainError) as refused:
        clean_status_update(status=Status.DROPPED, on_date="1-12-2026", reason="   ")
    assert refused.value.code == "status_dropped_needs_reason"
    dropped = clean_status_update(status=Status.DROPPED, on_date="1-12-2026", reason=" De grond is  verkocht ")
    assert dropped == {"status": "vervallen", "on_date": date(2026, 12, 1), "note": None,
                       "reason": "De grond is verkocht"}
    done = clean_status_update(status=Status.DONE, on_date="1-12-2026", note="Geopend", reason="vergeten veld")
    assert done["reason"] is None and done["note"] == "Geopend"


@pytest.mark.parametrize("fields, code", [
    ({"status": "gebouwd"}, "status_unknown"),
    ({"status": None}, "status_unknown"),
    ({"status": ["klaar"]}, "status_unknown"),
    ({"status": "klaar", "note": "x" * 281}, "status_note_too_long"),
    ({"status": "klaar", "note": 5}, "status_note_too_long"),
    ({"status": "vervallen", "reason": "x" * 501}, "status_reason_too_long"),
    ({"status": "klaar", "note": "bel\x07"}, "invalid_characters"),
    ({"status": "klaar", "on_date": "gisteren"}, "status_date_invalid"),
])
def test_a_wrong_update_is_refused_with_its_code(fields, code):
    with pytest.raises(DomainError) as refused:
        clean_status_update(**{"on_date": "1-12-2026", **fields})
    assert refused.value.code == code


def test_a_note_of_exactly_the_limit_and_an_empty_note_are_fine():
    assert clean_status_update(status="klaar", on_date="1-12-2026", note="x" * 280)["note"] == "x" * 280
    assert clean_status_update(status="klaar", on_date="1-12-2026", note=" \u200b ")["note"] is None


def test_the_latest_status_goes_by_date_then_by_the_order_recorded():
    updates = [{"number": 1, "on_date": date(2027, 1, 15), "status": "in_uitvoering"},
               {"number": 2, "on_date": date(2026, 12, 1), "status": "gepland"},  # typed later, happened earlier
               {"number": 3, "on_date": date(2027, 1, 15), "status": "klaar"}]
    assert latest_status(updates)["status"] == "klaar"
    assert latest_status(updates[:2])["status"] == "in_uitvoering"
    assert latest_status([]) is None


def test_results_codes_are_readable_from_a_poster_and_typed_loosely():
    codes = {generate_results_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == RESULTS_CODE_LENGTH and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)
    code = sorted(codes)[0]
    assert normalise_results_code(f" {code[:4].lower()}-{code[4:]} ") == code
    for wrong in ("", code[:-1], code + "A", "O" * 8, "ACEF HJK0"):
        assert normalise_results_code(wrong) is None


def test_anonymous_minutes_keep_no_author_facilitator_role_carrier_or_order_of_paper_ballots():
    record = {"tables": [{
        "table": {"facilitator": "Fatima"},
        "participants": {"count": 2, "names_shown": True, "list": [{"number": 1, "name": "Anneke"},
                                                                   {"number": 2, "name": "Bram"}]},
        "frame": {"roles": "Fatima leidt", "goals": "Groen"},
        "options": [{"id": 1, "carried_by": "Bram"}],
        "arguments": [{"id": 1, "participant_number": 2}],
        "ballot_rounds": [{"ballots": [
            {"paper": 1, "label": "Kaart van Dirk", "approved": [2], "points": None},
            {"participant_number": 1, "approved": [1], "points": None},
            {"ballot": 1, "approved": [1, 2], "points": None}]}],
        "consensus_rounds": [{"signals": [{"level": 5, "reason": "b"}, {"level": 1, "reason": None},
                                          {"level": 5, "reason": "a"}]}],
    }]}
    table = anonymous_minutes(record)["tables"][0]
    assert table["table"]["facilitator"] is None and table["frame"] == {"roles": "", "goals": "Groen"}
    assert [p["name"] for p in table["participants"]["list"]] == [None, None]
    assert table["options"][0]["carried_by"] is None and table["arguments"][0]["participant_number"] is None
    assert table["ballot_rounds"][0]["ballots"] == [
        {"ballot": 1, "approved": [1, 2], "points": None}, {"ballot": 2, "approved": [1], "points": None},
        {"ballot": 3, "approved": [2], "points": None}]
    assert [(s["level"], s["reason"]) for s in table["consensus_rounds"][0]["signals"]] == [
        (1, None), (5, "a"), (5, "b")]
