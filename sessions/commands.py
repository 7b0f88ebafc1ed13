"""Every command a client sends over the socket, declared once.

A command is a frozen dataclass whose fields say what the payload may hold and how
each value becomes the typed value a service uses. Everything else follows from
that one declaration: the wire name (`SubmitArgument` is sent as `submit_argument`), the
fields a payload may carry, the parsing (a command exists only once its values are
valid, so a service never sees a raw payload), the fuzzing strategies of the tests
and the check that docs/API.md names every event.

A field's rule here is the part that needs nothing but the value itself; what needs
the table (an option's cost against the budget, a ballot against the options) is
checked by the service, inside its transaction."""
from dataclasses import dataclass
from typing import Callable

from .arguments import (
    MAX_ARGUMENT_LENGTH, MAX_CLIENT_ID_LENGTH, MAX_REASON_LENGTH, ReactionValue, Stance, clean_argument_text,
    clean_client_id, parse_reaction, parse_stance,
)
from .ballots import MAX_PAPER_LABEL
from .clusters import MAX_CLUSTER_NAME, MAX_OPTION_DESCRIPTION, clean_id_list
from .command_fields import (
    Command, checked_by_service, choice_field, flag_field, id_field, id_map_field, ids_field, money_field, number_field,
    text_field,
)
from .consensus import MAX_REASON, Outcome as ConsensusOutcome, clean_signal
from .errors import DomainError
from .frame import MAX_FRAME_TEXT, AggregationRule, BallotForm, ConsensusRule, choice, frame_text
from .frame_consent import MAX_SUGGESTION, SUGGESTION_FIELD, clean_suggestion_kind, clean_suggestion_text
from .models import clean_phase_timers, clean_text, validate_timer_duration
from .money import parse_euros
from .phases import Phase, parse_phase
from .text import check_characters, is_blank


def _optional_text(code: str, max_length: int) -> Callable[[object], str | None]:
    return lambda value: clean_text(value, code=code, max_length=max_length, required=False)


def _required_text(code: str, max_length: int) -> Callable[[object], str]:
    return lambda value: clean_text(value, code=code, max_length=max_length)


def _cluster_name(value: object) -> str:
    return clean_text(value, code="cluster_name_too_long", max_length=MAX_CLUSTER_NAME, required=False) or ""


def _option_description(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_OPTION_DESCRIPTION:
        raise DomainError("option_description_too_long")
    return None if is_blank(check_characters(value)) else value.strip()


def _optional_ids(value: object) -> list[int] | None:
    return None if value is None else clean_id_list(value)


def _proposal_ids(value: object) -> list[int]:
    return [] if value == [] else sorted(clean_id_list(value))


def _optional_rule(value: object) -> str | None:
    return None if value is None else choice(value, AggregationRule, code="unknown_rule")


def _optional_outcome(value: object) -> str | None:
    if value is None:
        return None
    if value not in ConsensusOutcome.ALL:
        raise DomainError("unknown_outcome")
    return value


def _whole_euros(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError("cost_invalid")
    return value  # its range depends on the round's budget: the service checks it


def _frame_text(value: object) -> str:
    return frame_text(value, code="frame_text_too_long")


# -- any phase ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestSnapshot(Command):
    """Any client, after it saw a gap in seq."""


@dataclass(frozen=True)
class SetPhase(Command):
    """Console."""
    phase: Phase = choice_field(Phase, parse_phase)


@dataclass(frozen=True)
class StartTimer(Command):
    """Console."""


@dataclass(frozen=True)
class PauseTimer(Command):
    """Console."""


@dataclass(frozen=True)
class ResetTimer(Command):
    """Console."""
    duration_s: int = number_field(validate_timer_duration)


WALL_PAGE_DIRECTIONS = frozenset({"next", "previous"})


def _wall_page_direction(value: object) -> str:
    if not isinstance(value, str) or value not in WALL_PAGE_DIRECTIONS:  # a list or dict is not hashable
        raise DomainError("invalid_payload")
    return value


@dataclass(frozen=True)
class TurnWallPage(Command):
    """Console, in Afgerond: the wall's next or previous page of the draft minutes."""
    direction: str = choice_field(WALL_PAGE_DIRECTIONS, _wall_page_direction)


@dataclass(frozen=True)
class SetPhaseTimers(Command):
    """Console: {"inbreng": 900, …}, seconds per phase; a phase left out keeps the timer as it is."""
    durations: dict[str, int] = id_map_field(clean_phase_timers)


@dataclass(frozen=True)
class ShowJoinQr(Command):
    """Console: the join QR code large on the wall (shown true), or away again (false)."""
    shown: bool = flag_field()


@dataclass(frozen=True)
class CloseTable(Command):
    """Console, in Afgerond."""


@dataclass(frozen=True)
class ReopenTable(Command):
    """Console, after closing."""


# -- Inbreng and Afwegen -------------------------------------------------------------------

@dataclass(frozen=True)
class SubmitArgument(Command):
    """Phone. The client id makes a resend recognisable."""
    client_id: str = text_field(clean_client_id, max_length=MAX_CLIENT_ID_LENGTH)
    stance: Stance = choice_field(Stance, parse_stance)
    text: str = text_field(clean_argument_text, max_length=MAX_ARGUMENT_LENGTH)
    option_id: int | None = id_field(optional=True)


@dataclass(frozen=True)
class CaptureArgument(SubmitArgument):
    """Console, for someone without a phone."""


@dataclass(frozen=True)
class EditArgument(Command):
    """Phone, its own argument."""
    argument_id: int = id_field()
    stance: Stance = choice_field(Stance, parse_stance)
    text: str = text_field(clean_argument_text, max_length=MAX_ARGUMENT_LENGTH)


@dataclass(frozen=True)
class WithdrawArgument(Command):
    """Phone, its own argument."""
    argument_id: int = id_field()


@dataclass(frozen=True)
class CorrectArgument(EditArgument):
    """Console: a typo or the stance."""


@dataclass(frozen=True)
class HideArgument(Command):
    """Console."""
    reason: str = text_field(_required_text("hide_reason_required", MAX_REASON_LENGTH), max_length=MAX_REASON_LENGTH)
    argument_id: int = id_field()


@dataclass(frozen=True)
class UnhideArgument(Command):
    """Console."""
    argument_id: int = id_field()


@dataclass(frozen=True)
class PinArgument(Command):
    """Console."""
    pinned: bool = flag_field()
    argument_id: int = id_field()


@dataclass(frozen=True)
class MergeArguments(Command):
    """Console: source folds into target."""
    source_id: int = id_field()
    target_id: int = id_field()


@dataclass(frozen=True)
class UndoMerge(Command):
    """Console: the merged argument comes back as it was."""
    argument_id: int = id_field()


@dataclass(frozen=True)
class SetPremoderation(Command):
    """Console: new arguments from phones wait for approval, or go to the wall at once."""
    on: bool = flag_field()


@dataclass(frozen=True)
class ApproveArguments(Command):
    """Console: one waiting argument, or every one the queue showed."""
    argument_ids: list[int] = ids_field()


@dataclass(frozen=True)
class SetInputOpen(Command):
    """Console."""
    open: bool = flag_field()


@dataclass(frozen=True)
class React(Command):
    """Phone, in Afwegen."""
    value: ReactionValue = choice_field(ReactionValue, parse_reaction)
    argument_id: int = id_field()


# -- Ordenen -----------------------------------------------------------------------------

@dataclass(frozen=True)
class CreateCluster(Command):
    """Console: empty, or of these arguments (which is also a split)."""
    name: str = text_field(_cluster_name, max_length=MAX_CLUSTER_NAME, default="")
    argument_ids: list[int] | None = ids_field(_optional_ids)


@dataclass(frozen=True)
class RenameCluster(Command):
    """Console."""
    name: str = text_field(_cluster_name, max_length=MAX_CLUSTER_NAME)
    cluster_id: int = id_field()


@dataclass(frozen=True)
class MoveArguments(Command):
    """Console: cluster_id None takes them out of every cluster."""
    argument_ids: list[int] = ids_field()
    cluster_id: int | None = id_field(optional=True)


@dataclass(frozen=True)
class MergeClusters(Command):
    """Console."""
    source_id: int = id_field()
    target_id: int = id_field()


@dataclass(frozen=True)
class DeleteCluster(Command):
    """Console."""
    cluster_id: int = id_field()


@dataclass(frozen=True)
class ReorderClusters(Command):
    """Console: every cluster of the table, in the new order."""
    cluster_ids: list[int] = ids_field()


@dataclass(frozen=True)
class UndoClusterChange(Command):
    """Console."""


@dataclass(frozen=True)
class SuggestClusters(Command):
    """Console."""


@dataclass(frozen=True)
class SuggestPlacements(Command):
    """Console: "Voorstel voor de rest"."""


def _placements(value: object, *, maximum: int = 1000) -> dict[int, int]:
    """{"argument id": cluster id, …}: an object, so one argument has one place."""
    if not isinstance(value, dict) or not value or len(value) > maximum:
        raise DomainError("invalid_payload")
    placements = {}
    for key, cluster_id in value.items():
        if not isinstance(key, str) or not key.isascii() or not key.isdigit() or len(key) > 18 \
                or isinstance(cluster_id, bool) or not isinstance(cluster_id, int):
            raise DomainError("invalid_payload")
        placements[int(key)] = cluster_id
    return placements


@dataclass(frozen=True)
class PlaceArguments(Command):
    """Console: each argument into its cluster, as one change (accepting all placements)."""
    placements: dict[int, int] = id_map_field(_placements)


@dataclass(frozen=True)
class SaveOption(Command):
    """Console: the cluster becomes an option, or its option changes."""
    title: str = text_field(_required_text("option_title_required", MAX_CLUSTER_NAME), max_length=MAX_CLUSTER_NAME)
    description: str | None = text_field(_option_description, max_length=MAX_OPTION_DESCRIPTION)
    carried_by: str | None = text_field(_optional_text("carried_by_too_long", MAX_CLUSTER_NAME),
                                        max_length=MAX_CLUSTER_NAME)
    cluster_id: int = id_field()
    # The cost as typed ("3.000,50"), read in the console's language by the service.
    cost: str | None = money_field()
    # Whole euros as a number: what consoles sent before `cost`, still understood.
    cost_euros: int | None = number_field(_whole_euros)

    def check(self) -> None:
        if self.cost is None and self.cost_euros is None:
            raise DomainError("amount_required")
        if self.cost is not None and self.cost_euros is not None:
            raise DomainError("invalid_payload")

    def cost_cents(self, *, locale: str) -> int:
        """The cost in cents, before the budget's ceiling is checked."""
        if self.cost is not None:
            return parse_euros(self.cost, locale=locale)
        return self.cost_euros * 100


@dataclass(frozen=True)
class DeleteOption(Command):
    """Console."""
    option_id: int = id_field()


# -- Kaders ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SaveFrame(Command):
    """Console: the whole frame at once."""
    goals: str = text_field(_frame_text, max_length=MAX_FRAME_TEXT)
    roles: str = text_field(_frame_text, max_length=MAX_FRAME_TEXT)
    conditions: str = text_field(_frame_text, max_length=MAX_FRAME_TEXT)
    ballot_form: str = choice_field(BallotForm, lambda value: choice(value, BallotForm, code="unknown_ballot_form"))
    rule: str = choice_field(AggregationRule, lambda value: choice(value, AggregationRule, code="unknown_rule"))
    consensus_rule: str = choice_field(ConsensusRule, lambda value: choice(value, ConsensusRule,
                                                                     code="unknown_consensus_rule"))


# -- Verdelen ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OpenBallotRound(Command):
    """Console."""


@dataclass(frozen=True)
class CloseBallotRound(Command):
    """Console."""


@dataclass(frozen=True)
class CastBallot(Command):
    """Phone: approved (kiezen) or points (verdelen), checked against the table's options."""
    approved: object = checked_by_service("ids")
    points: object = checked_by_service("points")


@dataclass(frozen=True)
class CastPaperBallot(CastBallot):
    """Console, for someone without a phone, under a label the table agrees."""
    paper_label: str = text_field(_required_text("paper_label_required", MAX_PAPER_LABEL), max_length=MAX_PAPER_LABEL)


# -- Besluiten ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Propose(Command):
    """Console: a proposal within the budget opens a consensus round."""
    option_ids: list[int] = ids_field(_proposal_ids)
    based_on_rule: str | None = choice_field(AggregationRule, _optional_rule)


@dataclass(frozen=True)
class GiveSignal(Command):
    """Phone: a level of 1-5; an objection (5) needs a reason."""
    level: int = checked_by_service("integer")  # checked with the reason in check(), as one rule
    reason: str | None = checked_by_service("text", max_length=MAX_REASON)

    def check(self) -> None:
        level, reason = clean_signal(self.level, self.reason)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "reason", reason)


@dataclass(frozen=True)
class CloseConsensusRound(Command):
    """Console."""


@dataclass(frozen=True)
class RecordDecision(Command):
    """Console: the computed outcome, or another with a reason."""
    outcome: str | None = choice_field(frozenset(ConsensusOutcome.ALL), _optional_outcome)
    # Needed only when the outcome differs from the computed one, which the service knows.
    override_reason: object = checked_by_service("text", max_length=MAX_REASON)



# -- the plenary vote of a round (gezamenlijke stemming) -----------------------------------

@dataclass(frozen=True)
class CastRoundVote(CastBallot):
    """Phone, while the round's vote is open: approved (kiezen) or points (verdelen) on
    the round options; once per person across the round."""


@dataclass(frozen=True)
class CastRoundPaperVote(CastRoundVote):
    """Console, for someone at this table without a phone, under a label (once per label)."""
    paper_label: str = text_field(_required_text("paper_label_required", MAX_PAPER_LABEL), max_length=MAX_PAPER_LABEL)


# -- Kaders: the frame agreed by the table (and paper answers in Besluiten) --------------

def _paper_label(value: object) -> str:
    return clean_text(value, code="paper_label_required", max_length=MAX_PAPER_LABEL)


@dataclass(frozen=True)
class GivePaperSignal(GiveSignal):
    """Console, for someone without a phone, in Besluiten: an answer under a label."""
    paper_label: str = text_field(_paper_label, max_length=MAX_PAPER_LABEL)


@dataclass(frozen=True)
class ProposeFrame(Command):
    """Console: puts the draft frame to the table in a frame consent round."""


@dataclass(frozen=True)
class GiveFrameSignal(GiveSignal):
    """Phone: an answer to the proposed frame, on the five steps of Besluiten."""


@dataclass(frozen=True)
class GivePaperFrameSignal(GiveSignal):
    """Console, for someone without a phone: an answer to the proposed frame under a label."""
    paper_label: str = text_field(_paper_label, max_length=MAX_PAPER_LABEL)


@dataclass(frozen=True)
class CloseFrameRound(Command):
    """Console: closes the frame consent round; the table's consensus rule decides."""


@dataclass(frozen=True)
class SuggestForFrame(Command):
    """Phone: a goal or a condition the table might add to its frame."""
    kind: str = choice_field(frozenset(SUGGESTION_FIELD), clean_suggestion_kind)
    text: str = text_field(clean_suggestion_text, max_length=MAX_SUGGESTION)


@dataclass(frozen=True)
class SettleFrameSuggestion(Command):
    """Console: takes a suggestion into the draft (take: true) or sets it aside."""
    suggestion_id: int = id_field()
    take: bool = flag_field()
