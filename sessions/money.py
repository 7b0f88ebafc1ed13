"""Money is whole integer cents in the domain; people type euros."""
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_currency, parse_decimal

from .errors import DomainError

MAX_BUDGET_CENTS = 100_000_000_000  # € 1 billion: far above any neighbourhood budget


def parse_euros(text: str, *, locale: str) -> int:
    """'12.500' (nl) or '12,500' (en) euros -> 1_250_000 cents."""
    cleaned = text.replace("€", "").replace("\u00a0", " ").strip().replace(" ", "")
    if not cleaned:
        raise DomainError("amount_required")
    try:
        amount = parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise DomainError("amount_invalid") from None
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise DomainError("amount_invalid")
    return cents_in_range(int(cents))


def cents_in_range(cents: int) -> int:
    if cents < 0 or cents > MAX_BUDGET_CENTS:
        raise DomainError("amount_out_of_range")
    return cents


def format_euros(cents: int, *, locale: str) -> str:
    """'€ 12.500' for whole euros, '€ 12.500,50' otherwise (Dutch style by default)."""
    amount = Decimal(cents) / 100
    pattern = "¤\u00a0#,##0" if cents % 100 == 0 else "¤\u00a0#,##0.00"  # no line break after €
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)
