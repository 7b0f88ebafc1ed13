import pytest

from sessions.arguments import (
    Argument, clean_argument_text, clean_client_id, parse_reaction, parse_stance, require_input_open,
    require_reactions_open,
)
from sessions.errors import DomainError


def test_argument_text_is_trimmed_keeps_paragraphs_and_has_a_limit():
    assert clean_argument_text("  Meer   groen \n\n\n\n in de straat  ") == "Meer groen\n\nin de straat"
    assert len(clean_argument_text("x" * 1000)) == 1000
    for bad, code in [("", "argument_text_required"), (" \n\t ", "argument_text_required"),
                      ("x" * 1001, "argument_text_too_long"), (None, "argument_text_required"), (["x"], "argument_text_required")]:
        with pytest.raises(DomainError) as refused:
            clean_argument_text(bad)
        assert refused.value.code == code


def test_html_in_an_argument_is_kept_as_text_for_the_screens_to_escape():
    assert clean_argument_text("<script>alert(1)</script>") == "<script>alert(1)</script>"


@pytest.mark.parametrize("value", ["voor", "tegen", "idee"])
def test_the_three_stances(value):
    assert parse_stance(value).value == value


@pytest.mark.parametrize("value", ["VOOR", "pro", "", None, 1, ["voor"]])
def test_other_stances_are_refused(value):
    with pytest.raises(DomainError, match="unknown_stance"):
        parse_stance(value)


def test_reactions_are_agree_disagree_or_pass():
    assert [parse_reaction(v).value for v in ("agree", "disagree", "pass")] == ["agree", "disagree", "pass"]
    with pytest.raises(DomainError, match="unknown_reaction"):
        parse_reaction("like")


@pytest.mark.parametrize("client_id", ["0a5c1f3e-aaaa-4bbb-8ccc-111122223333", "abcdefgh"])
def test_client_ids_made_by_phones_are_accepted(client_id):
    assert clean_client_id(client_id) == client_id


@pytest.mark.parametrize("client_id", ["short", "a" * 65, "with space 12345", "<script>x</script>", 12345678, None])
def test_client_ids_that_no_phone_makes_are_refused(client_id):
    with pytest.raises(DomainError, match="invalid_payload"):
        clean_client_id(client_id)


@pytest.mark.parametrize("phase, open_, allowed", [
    ("inbreng", True, True), ("afwegen", True, True), ("inbreng", False, False),
    ("welkom", True, False), ("ordenen", True, False), ("afgerond", True, False),
])
def test_input_is_open_in_inbreng_and_afwegen_unless_closed(phase, open_, allowed):
    if allowed:
        require_input_open(phase, open_)
    else:
        with pytest.raises(DomainError, match="input_closed"):
            require_input_open(phase, open_)


def test_reactions_only_while_weighing():
    require_reactions_open("afwegen")
    with pytest.raises(DomainError, match="reactions_closed"):
        require_reactions_open("inbreng")


def test_an_argument_is_visible_until_hidden_withdrawn_or_merged():
    def make(**kw):
        return Argument(table_id=1, client_id="abcdefgh", stance="voor", text="t", **kw)
    assert make().visible
    assert not make(hidden_reason="scheldwoord").visible
    assert not make(withdrawn=True).visible
    assert not make(merged_into_id=3).visible
