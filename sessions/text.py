"""The one rule for every text a person sends, whatever the way in: a socket payload,
an HTTP form, a Pabulib file. Every cleaner in sessions/ calls `check_characters`
first; facilitator/payloads.py and facilitator/forms.py use `has_forbidden_character`
so that the socket and the forms refuse exactly the same characters.

Refused: NUL and the other control characters except tab, line feed and carriage
return (XML 1.0, so the Word minutes, cannot hold them; PostgreSQL refuses NUL), lone
surrogates (UTF-8 cannot encode them), and the non-characters U+FFFE and U+FFFF (not
in XML either). A text made only of blank or invisible characters (spaces, zero-width
spaces, joiners, bidi marks, Braille blank, Hangul fillers…) counts as empty, so it
never shows as an empty card."""
import re
import unicodedata

from .errors import DomainError

# Everything XML 1.0 cannot hold plus the C1 controls (U+0080–U+009F), which no
# keyboard types and which show as nothing or as boxes.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Not whitespace to str.split() and not of Unicode category Cf, yet drawn as nothing.
_BLANK_FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")


def has_forbidden_character(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def check_characters(value: str) -> str:
    """`value` unchanged, or DomainError("invalid_characters")."""
    if has_forbidden_character(value):
        raise DomainError("invalid_characters")
    return value


def is_blank(value: str) -> bool:
    """Only whitespace and characters that draw nothing."""
    return all(ch.isspace() or ch in _BLANK_FILLERS or unicodedata.category(ch) == "Cf" for ch in value)


def strip_unholdable(value: str) -> str:
    """What XML cannot hold, removed: for writers of stored text that predates the rule."""
    return _FORBIDDEN.sub("", value)
