"""Commands: one declaration gives the wire name, the accepted fields and the parsing."""
import pytest

from sessions import commands
from sessions.arguments import Stance
from sessions.errors import DomainError
from sessions.phases import Phase


def test_a_command_is_sent_under_the_snake_case_of_its_name():
    assert commands.SubmitArgument.wire_name == "submit_argument"
    assert commands.CaptureArgument.wire_name == "capture_argument"
    assert commands.UndoClusterChange.wire_name == "undo_cluster_change"


def test_a_payload_becomes_typed_values():
    command = commands.SubmitArgument.from_payload(
        {"client_id": "0a5c1f3e-aaaa", "stance": "tegen", "text": "  Te   duur\n\n\n\nvoor de buurt "})
    assert command.stance is Stance.TEGEN and command.text == "Te duur\n\nvoor de buurt"
    assert command.option_id is None
    assert commands.SetPhase.from_payload({"phase": "ordenen"}).phase is Phase.ORDENEN


@pytest.mark.parametrize("payload", [[], "x", 3, {"phase": "kaders", "table_id": 2}, {"": 1}])
def test_a_payload_that_is_no_object_or_names_other_fields_is_invalid(payload):
    with pytest.raises(DomainError, match="invalid_payload"):
        commands.SetPhase.from_payload(payload)


def test_no_payload_is_an_empty_one():
    assert commands.StartTimer.from_payload(None) == commands.StartTimer()


@pytest.mark.parametrize("command, payload, code", [
    (commands.SubmitArgument, {"client_id": "0a5c1f3e-aaaa", "stance": "misschien", "text": "x"}, "unknown_stance"),
    (commands.SubmitArgument, {"client_id": "0a5c1f3e-aaaa", "stance": "voor", "text": "   "}, "argument_text_required"),
    (commands.SubmitArgument, {"client_id": "kort", "stance": "voor", "text": "x"}, "invalid_payload"),
    (commands.HideArgument, {"argument_id": 3}, "hide_reason_required"),
    (commands.React, {"argument_id": True, "value": "agree"}, "invalid_payload"),
    (commands.ResetTimer, {"duration_s": 0}, "timer_duration_invalid"),
    (commands.SaveOption, {"cluster_id": 1, "title": "Bankjes", "cost_euros": "3.000"}, "cost_invalid"),
    (commands.SaveOption, {"cluster_id": 1, "title": "Bankjes", "cost": 3000}, "amount_invalid"),
    (commands.SaveOption, {"cluster_id": 1, "title": "Bankjes"}, "amount_required"),
    (commands.SaveOption, {"cluster_id": 1, "title": "Bankjes", "cost": "3.000", "cost_euros": 3000}, "invalid_payload"),
    (commands.Propose, {"option_ids": [1], "based_on_rule": "loting"}, "unknown_rule"),
    (commands.RecordDecision, {"outcome": "ja"}, "unknown_outcome"),
    (commands.GiveSignal, {"level": 5}, "objection_needs_reason"),
    (commands.GiveSignal, {"level": 6, "reason": "nee"}, "unknown_signal"),
])
def test_a_value_that_breaks_its_rule_is_refused_with_that_rules_code(command, payload, code):
    with pytest.raises(DomainError, match=code):
        command.from_payload(payload)


def test_a_rule_across_fields_sees_the_cleaned_values():
    signal = commands.GiveSignal.from_payload({"level": 5, "reason": "  te   duur "})
    assert (signal.level, signal.reason) == (5, "te duur")


def test_every_field_declares_what_the_fuzzer_draws():
    kinds = {rule.kind for command in (commands.SubmitArgument, commands.SaveFrame, commands.CastBallot,
                                       commands.PinArgument, commands.MoveArguments, commands.ResetTimer)
             for rule in command.rules().values()}
    assert kinds == {"text", "choice", "id", "ids", "points", "boolean", "integer"}
    assert commands.SaveFrame.rules()["rule"].choices == ("mes", "greedy", "phragmen")


@pytest.mark.parametrize("payload, locale, cents", [
    ({"cost": "3.000"}, "nl_NL", 300_000), ({"cost": "3,000"}, "en_GB", 300_000), ({"cost": "12,5"}, "nl_NL", 1_250),
    ({"cost_euros": 3000}, "nl_NL", 300_000),  # what consoles sent before the typed cost
])
def test_an_options_cost_is_read_as_typed_in_the_consoles_language(payload, locale, cents):
    command = commands.SaveOption.from_payload({"cluster_id": 1, "title": "Bankjes", **payload})
    assert command.cost_cents(locale=locale) == cents
