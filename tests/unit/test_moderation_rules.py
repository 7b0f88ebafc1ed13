"""Pre-moderation and undoable merges: the rules, without a database."""
import pytest

from sessions.arguments import Argument, is_visible, require_undoable_merge, waits_for_approval
from sessions.errors import DomainError


def argument(**fields) -> Argument:
    return Argument(id=1, table_id=1, client_id="abcdefgh-1", stance="voor", text="Bankjes", **fields)


def code_of(action) -> str:
    with pytest.raises(DomainError) as refused:
        action()
    return refused.value.code


def test_only_a_phones_argument_waits_and_only_while_the_table_pre_moderates():
    assert waits_for_approval(premoderation=True, participant_id=3)
    assert not waits_for_approval(premoderation=True, participant_id=None)  # the facilitator's paper card
    assert not waits_for_approval(premoderation=False, participant_id=3)


def test_a_waiting_argument_is_not_on_the_wall_but_stays_with_its_author():
    waiting = argument(awaiting_approval=True)
    assert not waiting.visible and waiting.shown_to_author
    assert not is_visible(None, False, None, True)
    assert code_of(waiting.require_visible) == "argument_not_visible"
    waiting.require_waiting()
    waiting.require_moderatable()  # the facilitator may hide or correct it before approving


def test_a_hidden_argument_stays_with_its_author_a_withdrawn_or_merged_one_does_not():
    assert argument(hidden_reason="Scheldwoord").shown_to_author
    assert not argument(withdrawn=True).shown_to_author
    assert not argument(merged_into_id=2).shown_to_author


@pytest.mark.parametrize("fields", [{}, {"hidden_reason": "x", "awaiting_approval": True},
                                    {"withdrawn": True, "awaiting_approval": True}])
def test_only_a_waiting_argument_can_be_approved(fields):
    assert code_of(argument(**fields).require_waiting) == "argument_not_waiting"


@pytest.mark.parametrize("fields", [{"hidden_reason": "x"}, {"withdrawn": True}, {"merged_into_id": 2},
                                    {"withdrawn": True, "awaiting_approval": True}])
def test_what_the_table_no_longer_sees_cannot_be_moderated_again(fields):
    assert code_of(argument(**fields).require_moderatable) == "argument_not_visible"


def test_a_merge_is_undone_from_the_merged_argument_while_it_still_points_at_its_target():
    require_undoable_merge(merged_into_id=5, recorded_target_id=5)
    assert code_of(lambda: require_undoable_merge(merged_into_id=None, recorded_target_id=5)) == "argument_not_merged"
    assert code_of(lambda: require_undoable_merge(merged_into_id=5, recorded_target_id=None)) == "merge_not_undoable"
    # Its target was merged on into 9 since: that merge is undone first.
    assert code_of(lambda: require_undoable_merge(merged_into_id=9, recorded_target_id=5)) == "undo_later_merge_first"
