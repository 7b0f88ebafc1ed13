import pytest

from sessions.errors import DomainError
from sessions.money import format_euros, parse_euros


@pytest.mark.parametrize("typed, locale, cents", [
    ("12.500", "nl_NL", 1_250_000), ("12500", "nl_NL", 1_250_000), ("€ 12.500,50", "nl_NL", 1_250_050),
    ("12,500", "en_GB", 1_250_000), ("12500.5", "en_GB", 1_250_050), ("0", "nl_NL", 0),
])
def test_euros_are_read_as_people_type_them(typed, locale, cents):
    assert parse_euros(typed, locale=locale) == cents


@pytest.mark.parametrize("typed, code", [
    ("", "amount_required"), ("twaalf", "amount_invalid"), ("12,505", "amount_invalid"),
    ("-5", "amount_out_of_range"), ("2.000.000.000", "amount_out_of_range"),
])
def test_amounts_that_are_no_budget_are_refused(typed, code):
    with pytest.raises(DomainError) as refused:
        parse_euros(typed, locale="nl_NL")
    assert refused.value.code == code


def test_euros_are_written_the_dutch_way():
    assert format_euros(1_250_000, locale="nl_NL") == "€\xa012.500"
    assert format_euros(1_250_050, locale="nl_NL") == "€\xa012.500,50"
    assert format_euros(1_250_000, locale="en_GB") == "€\xa012,500"
