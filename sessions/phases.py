"""The phases of a table, in the order PRODUCT.md gives them."""
from enum import Enum


class Phase(str, Enum):
    WELKOM = "welkom"
    KADERS = "kaders"
    INBRENG = "inbreng"
    ORDENEN = "ordenen"
    AFWEGEN = "afwegen"
    VERDELEN = "verdelen"
    BESLUITEN = "besluiten"
    AFGEROND = "afgerond"


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


def parse_phase(value: object) -> Phase:
    from .errors import DomainError

    if isinstance(value, str):
        try:
            return Phase(value)
        except ValueError:
            pass
    raise DomainError("unknown_phase")


def neighbours(phase: Phase) -> tuple[Phase | None, Phase | None]:
    """The phase before and after, for the console's back and next buttons."""
    index = PHASE_ORDER.index(phase)
    before = PHASE_ORDER[index - 1] if index > 0 else None
    after = PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None
    return before, after
