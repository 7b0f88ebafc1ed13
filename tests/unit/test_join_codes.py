import pytest

from sessions.join_codes import JOIN_CODE_ALPHABET, generate_join_code, normalise_join_code


def test_codes_have_six_characters_and_no_look_alikes():
    codes = {generate_join_code() for _ in range(2000)}
    assert all(len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert not set(JOIN_CODE_ALPHABET) & set("0O1IL2Z5S8BUVDQG6")
    assert len(codes) > 1990  # random, not a sequence


@pytest.mark.parametrize("typed, code", [
    ("ACE347", "ACE347"), ("ace347", "ACE347"), (" ace 347 ", "ACE347"), ("ACE-347", "ACE347"),
])
def test_people_may_type_codes_loosely(typed, code):
    assert normalise_join_code(typed) == code


@pytest.mark.parametrize("typed", ["", "ACE34", "ACE3477", "AC0347", "ACE34<", "ÄCE347"])
def test_what_cannot_be_a_code_is_rejected(typed):
    assert normalise_join_code(typed) is None
