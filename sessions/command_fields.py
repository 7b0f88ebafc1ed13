"""The parts commands are declared with (sessions/commands.py): what a field may hold,
and the base class that parses a command's fields when it is made."""
import re
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, Callable, ClassVar

from .clusters import clean_id_list
from .errors import DomainError
from .money import MAX_TYPED_AMOUNT


# -- what a field may hold ---------------------------------------------------------------

@dataclass(frozen=True)
class FieldRule:
    """How one payload value becomes a typed value.

    `kind` and `max_length` describe the value for whoever draws payloads (the fuzzing
    tests); `choices` lists the values a choice accepts."""
    parse: Callable[[object], Any]
    kind: str  # "text", "integer", "boolean", "choice", "id", "ids", "points", "money"
    max_length: int | None = None
    choices: tuple[str, ...] = ()


def _declare(rule: FieldRule, default: object = None):
    # Every field has a default, so a payload that leaves one out reaches its rule
    # (which says what is missing in words) instead of failing in the constructor.
    return field(default=default, metadata={"rule": rule})


def text_field(clean: Callable[[object], Any], *, max_length: int, default: object = None):
    return _declare(FieldRule(clean, "text", max_length=max_length), default)


def choice_field(options: type[Enum] | frozenset[str], parse: Callable[[object], Any]):
    values = tuple(o.value for o in options) if isinstance(options, type) else tuple(sorted(options))
    return _declare(FieldRule(parse, "choice", choices=values))


def number_field(parse: Callable[[object], int]):
    return _declare(FieldRule(parse, "integer"))


def id_field(*, optional: bool = False):
    def parse(value: object) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError("invalid_payload")
        return value

    return _declare(FieldRule(parse, "id"))


def flag_field():
    def parse(value: object) -> bool:
        if not isinstance(value, bool):
            raise DomainError("invalid_payload")
        return value

    return _declare(FieldRule(parse, "boolean"))


def ids_field(parse: Callable[[object], Any] = clean_id_list):
    return _declare(FieldRule(parse, "ids"))


def id_map_field(parse: Callable[[object], Any]):
    """An object whose keys are ids (as JSON writes them, strings) or names (a phase) and whose
    values are numbers: on the wire the shape of a ballot's points, so it is drawn as "points"
    by the fuzzing."""
    return _declare(FieldRule(parse, "points"))


def money_field():
    """An amount as the person typed it ("3.000", "€ 3.000,50"): it is read by
    sessions/money.py in the language of the page it was typed on, which the service is
    given, so the same text means the same amount everywhere it is previewed or saved."""
    def parse(value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > MAX_TYPED_AMOUNT:
            raise DomainError("amount_invalid")
        return value

    return _declare(FieldRule(parse, "money", max_length=MAX_TYPED_AMOUNT))


def checked_by_service(kind: str, *, max_length: int | None = None):
    """A value whose rule needs the table's state (the options and their costs, the
    outcome computed): the service checks it in its transaction."""
    return _declare(FieldRule(lambda value: value, kind, max_length=max_length))


# -- the command itself -------------------------------------------------------------------

class Command:
    """Base of every command: parses its fields on construction."""

    wire_name: ClassVar[str]  # SubmitArgument is sent as submit_argument

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.wire_name = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def __post_init__(self) -> None:
        for declared in fields(self):
            object.__setattr__(self, declared.name, declared.metadata["rule"].parse(getattr(self, declared.name)))
        self.check()

    def check(self) -> None:
        """Rules across fields; none by default."""

    @classmethod
    def rules(cls) -> dict[str, FieldRule]:
        return {declared.name: declared.metadata["rule"] for declared in fields(cls)}

    @classmethod
    def from_payload(cls, payload: object) -> "Command":
        """The command a socket payload asks for. A payload that is no object, or names a
        field this command does not have, is `invalid_payload`."""
        payload = {} if payload is None else payload
        if not isinstance(payload, dict) or not set(payload) <= set(cls.rules()):
            raise DomainError("invalid_payload")
        return cls(**payload)
