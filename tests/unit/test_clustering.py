"""Suggested clusters of arguments (sessions/clustering.py), their names, where the rest go,
and their evaluation on the Dutch set and ArgKP (bench/clustering_eval.py).

The evaluation reads only the fixture copies in tests/fixtures, never a shared folder.
"""
import inspect
import re
from pathlib import Path

import pytest

from sessions import clustering
from sessions.clustering import suggest_cluster_name, suggest_clusters, suggest_placements
from bench.clustering_eval import bench_texts, evaluate, evaluate_split, load_dutch, placement_score, ours

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "argkp"

PLAY, GREEN, PARKING, OUTLIERS = range(0, 15, 3), range(1, 15, 3), range(2, 15, 3), (15, 16)

DUTCH = [
    "De speeltuin is te klein, kinderen kunnen nergens spelen",
    "Meer bomen in het park voor schaduw en groen",
    "Er zijn te weinig parkeerplaatsen, auto's staan overal op de stoep",
    "Een nieuwe speeltuin zodat de kinderen veilig kunnen spelen",
    "Het park moet groener, plant er bomen en struiken",
    "Parkeren in onze straat is onmogelijk door alle auto's",
    "Kinderen willen buiten spelen, maar de speeltuinen zijn kapot",
    "Geen bomen kappen, het groen in het park is belangrijk",
    "Meer parkeerplaatsen voor auto's van bewoners",
    "Speeltoestellen voor jonge kinderen in de speeltuin",
    "Een boom geeft schaduw en koelte in het park",
    "Betaald parkeren weert de auto's van bezoekers uit de straat",
    "De speeltuin opknappen zodat kinderen er weer spelen",
    "Meer groen en bomen maken het park mooier",
    "Auto's parkeren op de stoep is gevaarlijk; parkeren moet beter",
    "De bibliotheek zou op zondag open moeten zijn",
    "Wifi in het buurthuis werkt slecht",
]

ENGLISH = [
    "The playground is too small, children have nowhere to play",
    "Plant more trees in the park for shade",
    "There are not enough parking spaces, cars park on the pavement",
    "A new playground so children can play safely",
    "The park needs more trees and green",
    "Parking in our street is impossible because of all the cars",
    "Children want to play outside but the playground is broken",
    "Do not cut the trees, the green park matters",
    "More parking spaces for residents' cars",
    "Swings for young children in the playground",
    "A tree gives shade and cools the park",
    "Paid parking keeps visitors' cars out of the street",
    "Fix the playground so children can play there again",
    "More trees make the park greener",
    "Cars parking on the pavement is dangerous",
    "The library should open on Sundays",
    "The wifi in the community centre is poor",
]

THEMES = [list(PLAY), list(GREEN), list(PARKING)]


def as_sets(clusters):
    return sorted(sorted(c) for c in clusters)


@pytest.mark.parametrize("texts, language", [(DUTCH, "nl"), (ENGLISH, "en")], ids=["dutch", "english"])
def test_obvious_themes_come_out_as_groups_and_outliers_stay_out(texts, language):
    clusters = suggest_clusters(texts, language=language)

    assert as_sets(clusters) == as_sets(THEMES)
    clustered = {i for c in clusters for i in c}
    assert clustered.isdisjoint(OUTLIERS)


def test_the_number_of_clusters_is_not_given_but_found():
    assert not {"k", "n_clusters", "clusters"} & set(inspect.signature(suggest_clusters).parameters)
    without_parking = [t for i, t in enumerate(DUTCH) if i not in PARKING]

    assert len(suggest_clusters(DUTCH, language="nl")) == 3
    assert len(suggest_clusters(without_parking, language="nl")) == 2


def test_same_input_gives_the_same_suggestions():
    texts = bench_texts(FIXTURES, size=300)

    first = suggest_clusters(texts, language="en")
    clustering._stem.cache_clear()
    assert suggest_clusters(list(texts), language="en") == first


def test_indexes_are_valid_unique_sorted_and_groups_biggest_first():
    texts = bench_texts(FIXTURES, size=300)

    clusters = suggest_clusters(texts, language="en")

    flat = [i for c in clusters for i in c]
    assert clusters and len(flat) == len(set(flat))
    assert all(0 <= i < len(texts) for i in flat)
    assert all(len(c) >= 2 and c == sorted(c) for c in clusters)
    sizes = [len(c) for c in clusters]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("texts", [[], ["Meer bomen in het park"]], ids=["empty", "one"])
def test_no_suggestions_for_empty_or_single_input(texts):
    assert suggest_clusters(texts, language="nl") == []


def test_arguments_of_only_stop_words_are_left_out():
    texts = ["Ja, dat is zo", "Meer bomen in het park", "Bomen in het park graag", "Nee hoor, niet"]

    assert suggest_clusters(texts, language="nl") == [[1, 2]]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        suggest_clusters(DUTCH, language="de")


@pytest.mark.parametrize("plural, singular", [("bomen", "boom"), ("speeltuinen", "speeltuin")])
def test_dutch_stemming_makes_plural_and_singular_meet(plural, singular):
    texts = [f"Meer {plural}", f"Een extra {singular}", "Snellere wifi in het buurthuis"]

    assert suggest_clusters(texts, language="nl") == [[0, 1]]


def test_the_english_name_is_the_groups_own_most_characteristic_words():
    group = [ENGLISH[i] for i in PLAY]
    others = [t for i, t in enumerate(ENGLISH) if i not in PLAY]
    surface = {w for t in group for w in re.findall(r"[\w']+", t.lower())}

    words = suggest_cluster_name(group, language="en", others=others).split(", ")

    assert len(words) == 3 and set(words) <= surface and "playground" in words


def test_the_english_name_prefers_words_that_set_the_group_apart():
    group = ["The school needs more trees", "Trees around the school", "School and trees"]
    others = ["The school needs wifi", "Wifi at school", "School without wifi"]

    assert suggest_cluster_name(group, language="en", words=1) == "school"
    assert suggest_cluster_name(group, language="en", words=1, others=others) == "trees"


def test_the_dutch_name_is_a_noun_from_the_group_not_a_filler_word():
    group = [DUTCH[i] for i in PLAY]
    others = [t for i, t in enumerate(DUTCH) if i not in PLAY]

    assert suggest_cluster_name(group, language="nl", others=others) == "Speeltuin"


def test_the_dutch_name_drops_the_adjectives_and_verbs_of_the_old_keyword_names():
    # The old names read "speeltoestellen, nieuwe, huidige".
    group = ["Nieuwe speeltoestellen voor de kinderen", "De huidige speeltoestellen zijn kapot",
             "Nieuwe speeltoestellen, de huidige zijn oud"]

    assert suggest_cluster_name(group, language="nl") == "Speeltoestellen"


def test_the_dutch_name_joins_two_nouns_of_one_theme_when_the_first_does_not_cover_the_group():
    group = ["Meer bankjes in het park", "Zitplekken voor ouderen", "Bankjes bij de bushalte", "Een zitplek in de schaduw"]

    assert suggest_cluster_name(group, language="nl") == "Bankjes en zitplekken"


def test_the_dutch_name_keeps_a_place_most_of_the_group_names():
    group = ["Verlichting langs het water", "Lantaarnpalen langs het water graag", "Het is donker langs het water"]

    assert suggest_cluster_name(group, language="nl") == "Verlichting langs het water"


def test_a_place_named_by_one_argument_only_stays_out_of_the_name():
    group = ["Verlichting langs het water", "Meer verlichting in de straat", "Verlichting op het plein"]

    assert suggest_cluster_name(group, language="nl") == "Verlichting"


SYNONYMS = [
    "Betere verlichting in onze straat", "Ledlampen in plaats van de oude", "Meer lantaarnpalen op het plein",
    "De straatlampen zijn te zwak",
    "Meer bankjes voor ouderen", "Zitbanken in het park", "Zitgelegenheid bij de bushalte",
    "Een glijbaan voor de kleintjes", "Een schommel erbij", "Nieuwe speeltoestellen",
]


def test_dutch_synonyms_compounds_and_diminutives_come_out_as_one_group_each():
    assert as_sets(suggest_clusters(SYNONYMS, language="nl")) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_a_shared_place_or_people_word_does_not_tie_a_bench_to_a_lamp_or_a_party_to_a_garden():
    texts = ["Zitbanken langs het water", "Bankjes langs het water", "Verlichting langs het water",
             "Lantaarnpalen langs het water", "Een straatfeest voor de bewoners", "Een buurtfeest met alle bewoners",
             "Een moestuin voor de bewoners", "Bewoners willen samen groenten kweken in een moestuin"]

    assert as_sets(suggest_clusters(texts, language="nl")) == [[0, 1], [2, 3], [4, 5], [6, 7]]


# -- where do the rest go -------------------------------------------------------

HAND_MADE = [["De glijbaan is kapot", "Een nieuwe schommel"], ["Meer bankjes", "Zitbanken bij de bushalte"],
             ["Betere straatverlichting", "Lantaarnpalen in het park"]]


def test_each_ungrouped_argument_gets_the_group_it_is_most_like():
    rest = ["Speeltoestellen voor peuters", "Een zitplek in de schaduw", "Ledlampen in onze straat"]

    placements = suggest_placements(HAND_MADE, rest, language="nl")

    assert [p.first for p in placements] == [0, 1, 2]
    assert all(0 < p.score <= 1 for p in placements)


def test_the_second_choice_is_the_next_group_it_shares_something_with():
    (placement,) = suggest_placements(HAND_MADE, ["Ledlampen boven de bankjes"], language="nl")

    assert {placement.first, placement.second} == {1, 2}


def test_no_second_choice_where_no_other_group_shares_anything():
    (placement,) = suggest_placements(HAND_MADE, ["Speeltoestellen voor peuters"], language="nl")

    assert placement.first == 0 and placement.second is None


def test_an_argument_that_shares_nothing_with_any_group_gets_no_proposal():
    placements = suggest_placements(HAND_MADE, ["Wifi werkt slecht", "ja hoor"], language="nl")

    assert placements == [None, None]


def test_placements_in_english_learn_from_the_groups_too():
    groups = [[ENGLISH[i] for i in PLAY[:2]], [ENGLISH[i] for i in GREEN[:2]], [ENGLISH[i] for i in PARKING[:2]]]
    rest = [ENGLISH[i] for i in PLAY[2:]] + [ENGLISH[i] for i in PARKING[2:]]

    placements = suggest_placements(groups, rest, language="en")

    assert [p.first for p in placements] == [0, 0, 0, 2, 2, 2]


@pytest.mark.parametrize("groups, rest", [([], ["Meer bankjes"]), (HAND_MADE, [])], ids=["no groups", "no rest"])
def test_placements_without_groups_or_rest_are_empty(groups, rest):
    assert suggest_placements(groups, rest, language="nl") == [None] * len(rest)


def test_placements_refuse_an_unknown_language():
    with pytest.raises(ValueError):
        suggest_placements(HAND_MADE, ["Meer bankjes"], language="de")


# -- the evaluation -------------------------------------------------------------

def test_dutch_suggestions_beat_the_told_k_baseline_and_place_the_rest_on_the_dutch_set():
    # Measured: ARI 0.83 on the whole set, 0.85 on held-out half B; TF-IDF + k-means told
    # k = 10: 0.03 and 0.07; placements right for 93-95 %. The targets are 0.30, 2x, 70 %.
    for groups in (load_dutch(), load_dutch("B")):
        scores = evaluate(groups)
        ours_ = scores["suggest_clusters (k not given)"]
        assert ours_.ari >= 0.30
        assert ours_.ari >= 2 * scores["TF-IDF + k-means, told k"].ari
        assert ours_.ari >= 2 * scores["char n-grams + k-means, told k"].ari
        assert placement_score(groups, ours, draws=5).right >= 0.70


def test_suggestions_beat_the_baselines_on_the_held_out_dev_split():
    # Measured when tuned (on train only): dev ARI 0.348, V 0.529 for suggest_clusters;
    # TF-IDF + KMeans k=8: ARI 0.103, V 0.265; one cluster: 0 and 0. Margins leave room.
    scores = evaluate_split(FIXTURES, "dev")
    ours_ = scores["suggest_clusters (k not given)"]
    one = scores["one cluster for everything"]
    kmeans = scores["TF-IDF + k-means, k = 8 fixed"]

    assert ours_.ari > 0.34 and ours_.v_measure > 0.45
    assert ours_.ari > one.ari + 0.2 and ours_.v_measure > one.v_measure + 0.2
    assert ours_.ari > kmeans.ari + 0.1 and ours_.v_measure > kmeans.v_measure + 0.1
