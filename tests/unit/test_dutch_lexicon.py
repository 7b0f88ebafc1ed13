"""The Dutch lexicon (sessions/data/lexicon_nl.json) is reviewed data: these tests keep it
well-formed and general, and check what the suggestions rely on it for."""
import json
import re
from collections import Counter

import pytest

from sessions import dutch

DATA = json.loads(dutch.LEXICON_PATH.read_text(encoding="utf-8"))
THEME_NAMES = sorted(DATA["themes"])
ALL_THEME_WORDS = [w for t in DATA["themes"].values() for w in t["nouns"] + t["other"]]


def test_it_has_the_neighbourhood_themes_the_suggestions_need():
    wanted = {"spelen", "zitten", "licht", "groen", "afval", "verkeer", "ontmoeten", "jongeren",
              "veiligheid", "toegankelijkheid"}
    assert wanted <= set(THEME_NAMES)


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_every_theme_has_enough_nouns_and_no_word_twice(theme):
    words = DATA["themes"][theme]
    assert len(words["nouns"]) >= 5
    listed = words["nouns"] + words["other"]
    assert [w for w, n in Counter(listed).items() if n > 1] == []


def test_every_entry_is_one_lower_case_word():
    entries = ALL_THEME_WORDS + DATA["places_and_people"] + DATA["general"]
    assert [w for w in entries if not re.fullmatch(r"[a-zë]+", w)] == []


def test_places_and_general_words_are_not_theme_words_and_not_each_other():
    themes, places, general = set(ALL_THEME_WORDS), set(DATA["places_and_people"]), set(DATA["general"])
    assert themes & places == set() and themes & general == set() and places & general == set()


def test_every_theme_word_is_found_as_it_is_listed():
    # A word that the lemmatiser turned into something else would never be looked up.
    lexicon = dutch.load_lexicon()
    missed = [w for w in ALL_THEME_WORDS if {t for t, _ in dutch._word(w).themes} != set(lexicon.themes[w])]
    assert missed == []


def test_filler_words_the_old_names_showed_are_general():
    assert {"nieuw", "huidig", "oud", "kapot", "goed", "meer"} <= set(DATA["general"])


def test_words_that_tied_unrelated_groups_say_only_where_or_for_whom():
    assert {"water", "bewoner", "buurt", "straat", "park", "kind"} <= set(DATA["places_and_people"])


def test_the_loaded_lexicon_has_every_listed_word():
    lexicon = dutch.load_lexicon()
    assert set(ALL_THEME_WORDS) == set(lexicon.themes)
    assert lexicon.nouns == {w for t in DATA["themes"].values() for w in t["nouns"]}
