import pytest

from sessions.errors import DomainError
from sessions.money import format_euros, parse_euros

NBSP, NARROW = "\u00a0", "\u202f"


@pytest.mark.parametrize("typed, cents", [
    ("3000", 300_000), ("3.000", 300_000), ("€ 3.000", 300_000), ("€3.000", 300_000), ("3.000 €", 300_000),
    ("3.000,50", 300_050), ("3 000", 300_000), (f"3{NBSP}000", 300_000), (f"3{NARROW}000", 300_000),
    (f"€{NBSP}3.000", 300_000), ("3000,-", 300_000), ("€ 3.000,-", 300_000), ("3.000,--", 300_000),
    ("  3.000  ", 300_000), ("12,5", 1_250), ("12,50", 1_250), ("0,75", 75), ("0", 0),
    ("12.500", 1_250_000), ("12500", 1_250_000), ("€ 12.500,50", 1_250_050), ("1.000.000", 100_000_000),
    ("3 000,50", 300_050), ("EUR 3000", 300_000),
])
def test_dutch_amounts_mean_what_a_dutch_reader_reads(typed, cents):
    assert parse_euros(typed, locale="nl_NL") == cents


@pytest.mark.parametrize("typed, cents", [
    ("3,000", 300_000), ("3,000.50", 300_050), ("€3,000", 300_000), ("€ 3,000", 300_000), ("3000", 300_000),
    ("12,500", 1_250_000), ("12500.5", 1_250_050), ("3.5", 350), ("3 000", 300_000), ("1,000,000", 100_000_000),
])
def test_english_amounts_mean_what_an_english_reader_reads(typed, cents):
    assert parse_euros(typed, locale="en_GB") == cents


@pytest.mark.parametrize("typed, code", [
    ("", "amount_required"), ("   ", "amount_required"), ("€", "amount_required"),
    ("12,5,0", "amount_invalid"), ("3.00.0", "amount_invalid"), ("3,00,0", "amount_invalid"),
    ("3.0000", "amount_invalid"), ("30.00.000", "amount_invalid"), ("3.000 000", "amount_invalid"),
    ("twaalf", "amount_invalid"), ("12a", "amount_invalid"), ("1e3", "amount_invalid"), (",50", "amount_invalid"),
    ("3,", "amount_invalid"), ("3,50,-", "amount_invalid"), ("٣٠٠٠", "amount_invalid"), ("3" * 41, "amount_invalid"),
    ("3.5", "amount_ambiguous"), ("3.50", "amount_ambiguous"), ("3000.50", "amount_ambiguous"),
    ("12,505", "amount_too_precise"), ("3,000", "amount_too_precise"), ("3.000,505", "amount_too_precise"),
    ("-5", "amount_negative"), ("- 5", "amount_negative"), ("€ -5", "amount_negative"), ("−5", "amount_negative"),
    ("5-", "amount_negative"), ("2.000.000.000", "amount_out_of_range"),
])
def test_dutch_amounts_that_cannot_be_read_for_sure_are_refused(typed, code):
    with pytest.raises(DomainError) as refused:
        parse_euros(typed, locale="nl_NL")
    assert refused.value.code == code


@pytest.mark.parametrize("typed, code", [
    ("12,5", "amount_ambiguous"), ("3,50", "amount_ambiguous"), ("3.000,50", "amount_invalid"),
    ("3.000", "amount_too_precise"), ("3,00,0", "amount_invalid"), ("3.00.0", "amount_invalid"),
    ("12.5.0", "amount_invalid"), ("-3,000", "amount_negative"),
])
def test_english_amounts_that_cannot_be_read_for_sure_are_refused(typed, code):
    with pytest.raises(DomainError) as refused:
        parse_euros(typed, locale="en_GB")
    assert refused.value.code == code


@pytest.mark.parametrize("value", [None, 3000, 3.5, ["3000"], {"a": 1}])
def test_only_typed_text_is_read(value):
    with pytest.raises(DomainError) as refused:
        parse_euros(value, locale="nl_NL")
    assert refused.value.code == "amount_invalid"


def test_euros_are_written_the_dutch_way():
    assert format_euros(1_250_000, locale="nl_NL") == "€\xa012.500"
    assert format_euros(1_250_050, locale="nl_NL") == "€\xa012.500,50"
    assert format_euros(1_250_000, locale="en_GB") == "€\xa012,500"


@pytest.mark.parametrize("cents", [0, 75, 1_250, 300_000, 300_050, 100_000_000])
@pytest.mark.parametrize("locale", ["nl_NL", "en_GB"])
def test_an_amount_written_back_reads_as_the_same_amount(cents, locale):
    assert parse_euros(format_euros(cents, locale=locale), locale=locale) == cents
