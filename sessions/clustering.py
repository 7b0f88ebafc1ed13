"""Suggested clusters of arguments, for the facilitator to accept, edit or reject; and,
once some groups exist, where the rest most likely go.

The suggestions are a starting point, not a verdict: the facilitator decides. So the
engine errs on the side of leaving an argument out rather than forcing it into a
group it does not fit, and it never needs to be told how many groups to expect.

How it works, in short:
1. Each argument becomes a vector of what it says.
   - Dutch (sessions/dutch.py): lemmas with diminutives undone and compounds split against a
     reviewed lexicon of neighbourhood vocabulary, so "bankjes", "zitbanken" and
     "zitgelegenheid" meet; next to the words, a block of the lexicon's *themes* (spelen,
     zitten, licht, …), so that synonyms the words alone keep apart still meet. Words that
     only say where or for whom ("water", "bewoners") and general words ("nieuw", "kapot")
     weigh little, so they do not tie a bench to a lamp.
   - English: stemmed words with the stop words removed (snowballstemmer, stop-words).
   Both add character 3–5-grams, for spellings and compounds nobody listed.
2. Average-linkage agglomerative clustering on cosine distance, cut at a fixed distance
   instead of at a number of clusters. Groups of one are the outliers and are dropped.
3. Where the rest go: each ungrouped argument is compared with the arguments already in
   each group (the group's mean vector and its nearest member), and the two best groups are
   proposed. Nothing is applied here: the facilitator accepts.

The parameters were tuned on the train split of IBM ArgKP (English) and on half A of the
Dutch set in tests/fixtures/dutch_eval (see bench/clustering_eval.py, which also reports the
held-out halves and a speed benchmark). Everything is local: no model is downloaded and
nothing is fetched at run time.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from stop_words import get_stop_words

# Tuned on ArgKP train (average linkage, 0.85–0.93 × char weight 0–1 × n-gram ranges were
# swept; 0.88–0.90 with char weight 0.5 was a plateau, 0.89 is its middle). Short texts
# share few words, so even arguments on one theme are far apart in cosine terms: the cut
# sits high. Lower it and themes split into pairs; raise it and themes merge.
DISTANCE_THRESHOLD = 0.89
# Weight of the character n-gram block relative to the word block (both L2-normalised).
CHAR_WEIGHT = 0.5
CHAR_NGRAMS = (3, 5)
MIN_CLUSTER_SIZE = 2

# Dutch (tuned on half A of tests/fixtures/dutch_eval only; half B and ArgKP are the checks).
DUTCH_DISTANCE_THRESHOLD = 0.80
DUTCH_THEME_WEIGHT = 1.0
DUTCH_CHAR_WEIGHT = 0.3
DUTCH_PART_WEIGHT = 0.5  # a compound's parts, next to the compound itself
_DUTCH_KIND_WEIGHT = {"theme": 1.0, "other": 1.0, "place": 0.3, "general": 0.2}
# Below this similarity an argument shares next to nothing with any group: no proposal.
MIN_PLACEMENT_SCORE = 0.05

_LANGUAGES = {"nl": "dutch", "en": "english"}
# Letters only (digits and underscores are noise here), keeping an inner apostrophe so
# that Dutch "auto's" stays one word.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _language(language: str) -> str:
    try:
        return _LANGUAGES[language]
    except KeyError:
        raise ValueError(f"language must be one of {sorted(_LANGUAGES)}, not {language!r}") from None


@lru_cache(maxsize=len(_LANGUAGES))
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(w.lower() for w in get_stop_words(_language(language)))


@lru_cache(maxsize=len(_LANGUAGES))
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_language(language))


@lru_cache(maxsize=50_000)
def _stem(word: str, language: str) -> str:
    # The Snowball stemmers are pure Python; arguments repeat their words a lot, so a
    # cache is what keeps 1,000 arguments well under a second.
    return _stemmer(language).stemWord(word)


def _words(text: str, language: str) -> list[tuple[str, str]]:
    """(stem, surface word) pairs of the text's content words, in order."""
    stop = _stop_words(language)
    lowered = text.lower().replace("\u2019", "'")
    return [(_stem(w, language), w) for w in _WORD.findall(lowered) if len(w) > 1 and w not in stop]


def _vectors(docs: list[str]) -> sp.csr_matrix:
    """L2-normalised rows: word TF-IDF next to CHAR_WEIGHT × character n-gram TF-IDF."""
    # sublinear_tf: an argument that repeats a word is not more about it.
    words = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
    return normalize(sp.hstack([words.fit_transform(docs), CHAR_WEIGHT * chars.fit_transform(docs)]).tocsr())


def _english_vectors(texts: Sequence[str]) -> tuple[list[int], sp.csr_matrix | None]:
    docs = [" ".join(stem for stem, _ in _words(text, "en")) for text in texts]
    usable = [i for i, doc in enumerate(docs) if doc]
    return usable, (_vectors([docs[i] for i in usable]) if usable else None)


def _dutch_vectors(texts: Sequence[str]) -> tuple[list[int], sp.csr_matrix | None]:
    """Rows of: weighted lemma TF-IDF, DUTCH_THEME_WEIGHT × themes, DUTCH_CHAR_WEIGHT × n-grams."""
    from . import dutch

    analysed = [dutch.analyse(text) for text in texts]
    usable = [i for i, words in enumerate(analysed) if words]
    if not usable:
        return usable, None
    term_rows, theme_rows = [], []
    for i in usable:
        terms: dict[str, float] = {}
        themes: dict[str, float] = {}
        for word in analysed[i]:
            weight = _DUTCH_KIND_WEIGHT[word.kind]
            # The strongest use counts, not the sum: saying a word twice is not more about it.
            terms[word.lemma] = max(terms.get(word.lemma, 0.0), weight)
            for part in word.parts:
                terms[part] = max(terms.get(part, 0.0), DUTCH_PART_WEIGHT * weight)
            for theme, share in word.themes:
                themes[theme] = themes.get(theme, 0.0) + share
        term_rows.append(terms)
        theme_rows.append(themes)
    term_matrix = normalize(_idf(DictVectorizer().fit_transform(term_rows)))
    blocks = [term_matrix]
    if any(theme_rows):
        blocks.append(DUTCH_THEME_WEIGHT * normalize(DictVectorizer().fit_transform(theme_rows)))
    lemmas = [" ".join(word.lemma for word in analysed[i]) for i in usable]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
    blocks.append(DUTCH_CHAR_WEIGHT * chars.fit_transform(lemmas))
    return usable, normalize(sp.hstack(blocks).tocsr())


def _idf(counts: sp.csr_matrix) -> sp.csr_matrix:
    # Smoothed inverse document frequency, as scikit-learn's TfidfTransformer, applied to the
    # weights as they are (its sublinear option would turn a weight below 1 negative).
    documents = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return counts @ sp.diags(np.log((1 + documents) / (1 + frequency)) + 1.0)


def _vectors_for(texts: Sequence[str], language: str) -> tuple[list[int], sp.csr_matrix | None]:
    """The indexes of the texts that say something, and their L2-normalised rows."""
    _language(language)
    return _dutch_vectors(texts) if language == "nl" else _english_vectors(texts)


def suggest_clusters(texts: list[str], *, language: str) -> list[list[int]]:
    """Groups of indexes into `texts` that seem to make the same point.

    Each group has at least two members, no index appears twice, and arguments that fit
    nowhere are left out. Biggest group first (ties: lowest first index), members in
    ascending order. Deterministic: no randomness is involved.
    """
    # An argument of only stop words ("ja, dat klopt") has nothing to compare: leave it out.
    usable, vectors = _vectors_for(texts, language)
    if len(usable) < MIN_CLUSTER_SIZE:
        return []
    # A precomputed distance matrix from the sparse product: densifying the vectors
    # themselves (tens of thousands of n-gram columns) would cost far more.
    similarity = (vectors @ vectors.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    threshold = DUTCH_DISTANCE_THRESHOLD if language == "nl" else DISTANCE_THRESHOLD
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(distance)

    groups: dict[int, list[int]] = defaultdict(list)
    for index, label in zip(usable, labels):
        groups[int(label)].append(index)
    clusters = [sorted(members) for members in groups.values() if len(members) >= MIN_CLUSTER_SIZE]
    clusters.sort(key=lambda members: (-len(members), members[0]))
    return clusters


@dataclass(frozen=True)
class Placement:
    """Where one ungrouped argument most likely goes: indexes into the groups given."""
    first: int
    second: int | None
    score: float  # cosine similarity to the first group, 0–1


def suggest_placements(groups: Sequence[Sequence[str]], rest: Sequence[str], *,
                       language: str) -> list[Placement | None]:
    """For each text of `rest`, the group of `groups` (lists of member texts) it most likely
    belongs to and a second choice, learnt from the members; None where nothing is shared.

    A group is compared by the mean of its members' vectors and by its nearest member, half
    each: the mean carries what the group has in common, the nearest member catches an
    argument that says what only one of them said.
    """
    _language(language)
    results: list[Placement | None] = [None] * len(rest)
    owners = [g for g, members in enumerate(groups) for _ in members]
    texts = [text for members in groups for text in members] + list(rest)
    usable, vectors = _vectors_for(texts, language)
    if vectors is None or not groups:
        return results
    row = {index: position for position, index in enumerate(usable)}
    member_rows = [row[i] for i in range(len(owners)) if i in row]
    member_owner = np.array([owners[i] for i in range(len(owners)) if i in row])
    rest_rows = [(r, row[len(owners) + r]) for r in range(len(rest)) if len(owners) + r in row]
    if not member_rows or not rest_rows:
        return results
    members = vectors[member_rows]
    loose = vectors[[position for _, position in rest_rows]]
    similarity = (loose @ members.T).toarray()
    centroid = np.zeros((len(rest_rows), len(groups)))
    nearest = np.zeros((len(rest_rows), len(groups)))
    for g in range(len(groups)):
        mine = member_owner == g
        if mine.any():
            mean = normalize(np.asarray(members[np.flatnonzero(mine)].mean(axis=0)))
            centroid[:, g] = np.asarray(loose @ mean.T).ravel()
            nearest[:, g] = similarity[:, mine].max(axis=1)
    scores = 0.5 * centroid + 0.5 * nearest
    for (r, _), line in zip(rest_rows, scores):
        # Ties go to the earlier group, so the proposal is stable.
        order = sorted(range(len(groups)), key=lambda g: (-line[g], g))
        if line[order[0]] < MIN_PLACEMENT_SCORE:
            continue
        second = order[1] if len(order) > 1 and line[order[1]] >= MIN_PLACEMENT_SCORE else None
        results[r] = Placement(order[0], second, round(float(line[order[0]]), 3))
    return results


def suggest_cluster_name(
    texts: list[str], *, language: str, words: int = 3, others: Sequence[str] = ()
) -> str:
    """A short name for a group: its most characteristic words, comma-separated (English),
    or a short noun phrase from the group's own words (Dutch: see _dutch_name).

    A stem scores by the share of the group's arguments that use it; when `others` (the
    arguments outside the group) are given, minus its share among them, so words that
    every argument uses ("school", "buurt") do not name every group. Each stem is shown
    as the surface word the group uses most for it ("bomen", not "bom").
    """
    _language(language)
    if words < 1:
        return ""
    if language == "nl":
        return _dutch_name(texts, others=others, nouns=min(words, 2))
    in_group: Counter[str] = Counter()
    total: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, int] = {}
    for text in texts:
        pairs = _words(text, language)
        in_group.update({stem for stem, _ in pairs})
        for stem, word in pairs:
            total[stem] += 1
            surface[stem][word] += 1
            first_seen.setdefault(stem, len(first_seen))
    if not in_group:
        return ""
    outside: Counter[str] = Counter()
    for text in others:
        outside.update({stem for stem, _ in _words(text, language)})

    def score(stem: str) -> tuple[float, int, int]:
        share = in_group[stem] / len(texts) - (outside[stem] / len(others) if others else 0.0)
        # Ties: more uses, then the word met first, so the name is stable.
        return (-share, -total[stem], first_seen[stem])

    best = sorted(in_group, key=score)[:words]
    # Most used surface form; ties go to the shorter, then alphabetical, for stability.
    return ", ".join(min(surface[s].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for s in best)


# A place shared by most of a group is part of its name: "Verlichting langs het water".
_PLACE_PREPOSITIONS = frozenset({"langs", "bij", "in", "op", "rond", "aan", "naar", "voor", "achter", "onder", "over"})
_ARTICLES = frozenset({"de", "het", "een"})


def _dutch_name(texts: Sequence[str], *, others: Sequence[str], nouns: int) -> str:
    """What a facilitator would write on the card: one or two nouns the group itself uses
    ("Bankjes en zitplekken"), with a place most of them name ("Verlichting langs het
    water"); never an adjective or a verb ("nieuwe", "huidige", "spelen").

    A noun scores by the share of the group's arguments that use it, less its share among
    `others`, plus a bonus when it belongs to the group's main theme; it is shown as the
    group writes it most ("bankjes", not "bank"). A second noun is added only when it speaks
    for arguments the first does not.
    """
    from . import dutch

    members = [dutch.analyse(text) for text in texts]
    if not any(members):
        return ""
    themes: Counter[str] = Counter()
    used: dict[str, set[int]] = defaultdict(set)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, int] = {}
    lemma_themes: dict[str, set[str]] = defaultdict(set)
    fallback: dict[str, set[int]] = defaultdict(set)
    for number, words in enumerate(members):
        for word in words:
            for theme, share in word.themes:
                themes[theme] += share
                lemma_themes[word.lemma].add(theme)
            surface[word.lemma][word.surface] += 1
            first_seen.setdefault(word.lemma, len(first_seen))
            if word.is_noun:
                used[word.lemma].add(number)
            elif word.kind == dutch.OTHER and len(word.lemma) > dutch.MIN_PART:
                # A word the lexicon does not know may still be the thing itself ("pannakooi").
                fallback[word.lemma].add(number)
    candidates = used or fallback
    if not candidates:
        return ""
    main = themes.most_common(1)[0][0] if themes else None
    outside: Counter[str] = Counter()
    for text in others:
        outside.update({word.lemma for word in dutch.analyse(text)})

    def score(lemma: str) -> tuple[float, int, int]:
        share = len(candidates[lemma]) / len(texts) - (outside[lemma] / len(others) if others else 0.0)
        bonus = 0.3 if main in lemma_themes[lemma] else 0.0
        return (-(share + bonus), -sum(surface[lemma].values()), first_seen[lemma])

    ranked = sorted(candidates, key=score)
    place = _shared_place(texts)
    if place:
        nouns = 1  # "Verlichting langs het water" says enough; a second noun would make it long
    chosen = [ranked[0]]
    covered = set(candidates[ranked[0]])
    for lemma in ranked[1:]:
        if len(chosen) >= nouns:
            break
        new = candidates[lemma] - covered
        # Only a noun of the same theme that speaks for at least a quarter of the group.
        if main in lemma_themes[lemma] and len(new) >= max(1, len(texts) // 4) and len(texts) >= 3:
            chosen.append(lemma)
            covered |= new
    shown = [_most_written(surface[lemma]) for lemma in chosen]
    name = " en ".join(shown) + (f" {place}" if place else "")
    return name[:1].upper() + name[1:]


def _most_written(forms: Counter[str]) -> str:
    # Most used form; ties go to the longer (the plural a card is written in), then alphabetical.
    return min(forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def _shared_place(texts: Sequence[str]) -> str:
    """"langs het water" when at least half of the group (and two or more) say it."""
    from . import dutch

    lexicon = dutch.load_lexicon()
    phrases: Counter[str] = Counter()
    for text in texts:
        tokens = dutch.WORD.findall(text.lower())
        found = set()
        for i, token in enumerate(tokens[:-2]):
            if token in _PLACE_PREPOSITIONS and tokens[i + 1] in _ARTICLES and dutch.lemma(tokens[i + 2]) in lexicon.places:
                found.add(" ".join(tokens[i:i + 3]))
        phrases.update(found)
    if not phrases:
        return ""
    phrase, count = phrases.most_common(1)[0]
    return phrase if count >= 2 and count * 2 >= len(texts) else ""
