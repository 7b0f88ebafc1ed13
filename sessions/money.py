"""Money is whole integer cents in the domain; people type euros.

One parser, `parse_euros`, reads every amount anybody types (an option's cost, a round's
budget, any field in euros), on the server, in the language of the page it was typed on.
The page's preview of an amount (`= € 3.000`) comes from this parser too, so what the
field shows before saving is what is saved.

What it reads, in Dutch (nl) — the English page (en) swaps point and comma:
- `3000`, `3.000`, `3 000` (also with a non-breaking or narrow space), `€ 3.000`, `€3.000`:
  three thousand euros. A point (or a space) separates thousands, in groups of three.
- `3.000,50`, `12,5` (twelve euros fifty: one decimal is tenths, as on a price tag),
  `0,75`: the comma starts the cents, at most two digits.
- `3000,-`, `€ 3.000,-`: whole euros, as Dutch people write them on a form or a cheque.

What it refuses, each with a message that shows how to write the amount:
- `3.5` or `3.50` in Dutch: a point followed by one or two digits is not a thousands
  group, so the writer either meant a decimal point (a number pad types a point) or
  dropped a zero of `3.500`. The two readings differ a thousandfold, and a budget decision
  must not rest on a guess, so we ask (`amount_ambiguous`) instead of choosing. A civil
  servant expects a form to refuse what it cannot read rather than file € 3,50 for € 3.500.
  In English `3,5` is refused for the same reason.
- `12,5,0`, `3.00.0`, `3,00,0`, groups that are not three digits, mixed separators:
  `amount_invalid`.
- more than two digits after the decimal separator (`12,505` in Dutch, also what an English
  `12,500` becomes on a Dutch page): `amount_too_precise`, since we keep cents only.
- a minus sign: `amount_negative`; letters: `amount_invalid`; nothing: `amount_required`.
"""
import re
from decimal import Decimal

from babel.numbers import format_currency

from .errors import DomainError

MAX_BUDGET_CENTS = 100_000_000_000  # € 1 billion: far above any neighbourhood budget
MAX_TYPED_AMOUNT = 40  # characters: "€ 1.000.000.000,00" with room for spaces

# Spaces people (and their phones' keyboards, and copy-paste from a letter) put in a number.
_SPACES = "\u0020\u00a0\u202f\u2009\u2007"
_EURO_SIGNS = re.compile(r"^(?:€|eur(?:o)?\b)\s*|\s*(?:€|eur(?:o|os)?)$", re.IGNORECASE)
_MINUS = re.compile(r"^[-\u2212\u2013]|[-\u2212\u2013]$")
_WHOLE_EUROS_SUFFIX = re.compile(r"[,.][-\u2013\u2014]{1,2}$")  # "3000,-" and "3000,--"

# The separators of each page language: (thousands, decimal).
_SEPARATORS = {"nl": (".", ","), "en": (",", ".")}


def _language(locale: str) -> str:
    return "en" if locale.lower().startswith("en") else "nl"


def parse_euros(text: object, *, locale: str) -> int:
    """'3.000' (nl) or '3,000' (en) euros -> 300_000 cents. Raises DomainError with a code
    whose message says how to write the amount."""
    if not isinstance(text, str):
        raise DomainError("amount_invalid")
    if len(text) > MAX_TYPED_AMOUNT:
        raise DomainError("amount_invalid")
    thousands, decimal = _SEPARATORS[_language(locale)]
    cleaned = text.strip(_SPACES + "\t")
    cleaned = _EURO_SIGNS.sub("", cleaned).strip(_SPACES)
    if not cleaned:
        raise DomainError("amount_required")
    whole_only = _WHOLE_EUROS_SUFFIX.search(cleaned)
    if whole_only:
        cleaned = cleaned[:whole_only.start()]
    if _MINUS.search(cleaned):
        raise DomainError("amount_negative")
    if not cleaned or not all(c in _SPACES or (c.isascii() and (c.isdigit() or c in ".,")) for c in cleaned):
        raise DomainError("amount_invalid")

    whole, separator, cents = cleaned.rpartition(decimal) if decimal in cleaned else (cleaned, "", "")
    if separator:
        if whole_only or not cents.isdigit() or decimal in whole:
            raise DomainError("amount_invalid")  # "12,5,0", "3,00,0", "3,50,-"
        if len(cents) > 2:
            raise DomainError("amount_too_precise")
    euros = _whole_euros(whole, thousands=thousands)
    return cents_in_range(euros * 100 + (int(cents.ljust(2, "0")) if separator else 0))


def _whole_euros(text: str, *, thousands: str) -> int:
    """'3.000', '3 000' or '3000' -> 3000. Groups after the first are three digits, with
    one kind of separator throughout."""
    if text.isdigit():
        return int(text)
    separators = {c for c in text if not c.isdigit()}
    if len(separators) != 1:
        raise DomainError("amount_invalid")  # "3.000 000", "3..000" passes below and fails there
    separator = separators.pop()
    if separator not in _SPACES and separator != thousands:
        raise DomainError("amount_invalid")  # the decimal separator of the other language
    first, *groups = text.split(separator)
    if separator == thousands and len(groups) == 1 and first.isdigit() and groups[0].isdigit() \
            and len(groups[0]) in (1, 2):
        raise DomainError("amount_ambiguous")  # "3.5", "3000.50" in Dutch: a decimal, or a group missing a zero?
    if not first or not first.isdigit() or len(first) > 3 or not all(g.isdigit() for g in groups):
        raise DomainError("amount_invalid")
    if any(len(g) != 3 for g in groups):
        raise DomainError("amount_invalid")
    return int(first + "".join(groups))


def cents_in_range(cents: int) -> int:
    if cents < 0 or cents > MAX_BUDGET_CENTS:
        raise DomainError("amount_out_of_range")
    return cents


def format_euros(cents: int, *, locale: str) -> str:
    """'€ 12.500' for whole euros, '€ 12.500,50' otherwise (Dutch style by default)."""
    amount = Decimal(cents) / 100
    pattern = "¤\u00a0#,##0" if cents % 100 == 0 else "¤\u00a0#,##0.00"  # no line break after €
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)
