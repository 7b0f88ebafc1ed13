"""The phases of a table, in the order of an evening, and what each lets people do."""
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


# Where arguments are typed and reacted to; the services check these, and the pages
# learn them from PHASE_RULES instead of keeping lists of their own.
INPUT_PHASES = (Phase.INBRENG.value, Phase.AFWEGEN.value)
REACTION_PHASES = (Phase.AFWEGEN.value,)


def _rules(phase: Phase) -> dict[str, bool]:
    position = PHASE_ORDER.index(phase)
    return {
        "collects_arguments": phase.value in INPUT_PHASES,
        "takes_reactions": phase.value in REACTION_PHASES,
        "shows_arguments": position >= PHASE_ORDER.index(Phase.INBRENG),
        "shows_groups": position >= PHASE_ORDER.index(Phase.ORDENEN),
        "shows_ballots": position >= PHASE_ORDER.index(Phase.VERDELEN),
        "shows_decision": position >= PHASE_ORDER.index(Phase.BESLUITEN),
    }


# What each phase lets people do, by phase name: sent with every snapshot.
PHASE_RULES: dict[str, dict[str, bool]] = {phase.value: _rules(phase) for phase in PHASE_ORDER}
