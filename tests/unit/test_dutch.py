"""Dutch words brought to what they are about (sessions/dutch.py): lemmas, diminutives,
compounds and themes, as the suggested groups use them."""
import subprocess
import sys
from pathlib import Path

import pytest

from sessions import dutch

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("word, expected", [
    ("bomen", "boom"), ("lantaarnpalen", "lantaarnpaal"), ("straatlampen", "straatlamp"),
    ("prullenbakken", "prullenbak"), ("tieners", "tiener"), ("jongeren", "jongere"),
    ("gereden", "rijden"), ("kinderen", "kind"), ("auto's", "auto"),
])
def test_plurals_and_verb_forms_become_their_lemma(word, expected):
    assert dutch.lemma(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("bankje", "bank"), ("bankjes", "bank"), ("lampjes", "lamp"), ("speelplekje", "speelplek"),
    ("geveltuintjes", "geveltuin"), ("zitmuurtjes", "zitmuur"), ("lantaarnpaaltje", "lantaarnpaal"),
    ("basketbalveldje", "basketbalveld"), ("boompje", "boom"),
])
def test_diminutives_are_undone(word, expected):
    assert dutch.lemma(word) == expected


@pytest.mark.parametrize("word", ["meisje", "ijsje"])
def test_a_word_that_only_looks_like_a_diminutive_stays_itself(word):
    assert dutch.lemma(word) == word


def test_the_lexicon_reading_wins_over_the_dictionarys_guess():
    # simplemma reads "tuin" as a form of "tuinen" and "vaart" as one of "ervaren".
    assert dutch.lemma("tuin") == "tuin" and dutch.lemma("vaart") == "vaart"


@pytest.mark.parametrize("word, parts", [
    ("straatlantaarn", ("straat", "lantaarn")), ("ledverlichting", ("led", "verlichting")),
    ("afvalcontainer", ("afval", "container")), ("kinderspeeltuin", ("kind", "speeltuin")),
    ("bomenrij", ("boom", "rij")), ("buurtmoestuin", ("buurt", "moestuin")),
])
def test_compounds_split_into_known_words_head_last(word, parts):
    assert dutch.split_compound(word) == parts


def test_linking_sounds_between_parts_are_dropped():
    assert dutch.split_compound("bewonersbank") == ("bewoner", "bank")


def test_a_compound_with_an_unknown_head_keeps_its_known_modifier():
    assert dutch.split_compound("jeugdcentrum") == ("jeugd",)


@pytest.mark.parametrize("word", ["onbekendwoord", "xyz", "buurt"])
def test_what_is_no_compound_of_known_words_is_not_split(word):
    assert dutch.split_compound(word) == ()


def themes(text):
    return {theme for word in dutch.analyse(text) for theme, _ in word.themes}


@pytest.mark.parametrize("words, theme", [
    (["verlichting", "ledlampen", "lantaarnpalen", "straatlampen", "straatlantaarns"], "licht"),
    (["bankjes", "zitbanken", "zitgelegenheid", "zitplekken", "parkbankje"], "zitten"),
    (["glijbaan", "schommel", "speeltoestellen", "klimrek", "kinderspeeltuin"], "spelen"),
    (["prullenbakken", "zwerfvuil", "afvalcontainer", "vuilniszakken"], "afval"),
])
def test_synonyms_compounds_and_diminutives_meet_in_one_theme(words, theme):
    assert all(theme in themes(word) for word in words)


def test_a_word_of_two_themes_gives_each_half():
    (word,) = dutch.analyse("drempels")
    assert dict(word.themes) == {"toegankelijkheid": 0.5, "verkeer": 0.5}


def test_a_compounds_head_counts_more_than_its_modifier():
    (word,) = dutch.analyse("kunstgrasveld")  # a sports field of artificial grass is a field
    weights = dict(word.themes)
    assert weights["groen"] > weights["kunst"]


def test_places_people_and_general_words_carry_no_theme():
    words = {w.surface: w for w in dutch.analyse("Bewoners willen nieuwe dingen langs het water")}
    assert words["bewoners"].kind == dutch.PLACE and words["water"].kind == dutch.PLACE
    assert words["nieuwe"].kind == dutch.GENERAL
    assert all(not w.themes for w in words.values())


def test_stop_words_and_single_letters_are_left_out():
    assert [w.surface for w in dutch.analyse("En dan is er ook nog een schommel, 'n x")] == ["schommel"]


def test_only_nouns_may_name_a_group():
    words = {w.lemma: w for w in dutch.analyse("spelen op de glijbaan bij straatlantaarns, donker")}
    assert words["glijbaan"].is_noun and words["straatlantaarn"].is_noun
    assert not words["spelen"].is_noun and not words["donker"].is_noun


def test_the_dutch_dictionary_is_loaded_on_first_use_not_on_import():
    # The server imports the domain at start; 40 MB of dictionary must wait for a suggestion.
    code = ("import sys, sessions.dutch, sessions.clustering, sessions.cluster_services\n"
            "assert 'simplemma' not in sys.modules\n"
            "sessions.dutch.lemma('gereden')\n"
            "assert 'simplemma' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
