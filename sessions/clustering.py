"""Suggested clusters of arguments, for the facilitator to accept, edit or reject.

The suggestions are a starting point, not a verdict: the facilitator decides. So the
engine errs on the side of leaving an argument out rather than forcing it into a
group it does not fit, and it never needs to be told how many groups to expect.

How it works, in short:
1. Each argument becomes a bag of stemmed words with the language's stop words removed
   (snowballstemmer, stop-words), so "bomen"/"boom" and "speeltuinen"/"speeltuin" meet.
2. Two TF-IDF blocks describe it: the stems, and character 3–5-grams of the stems. The
   character block lets Dutch compounds ("parkeerplaats", "parkeren") and spellings that
   the stemmer leaves apart ("groen", "groene") still share something.
3. Average-linkage agglomerative clustering on cosine distance, cut at a fixed distance
   instead of at a number of clusters. Groups of one are the outliers and are dropped.

The parameters were tuned on the train split of IBM ArgKP (see sessions/clustering_eval.py,
which also reports the dev split and a speed benchmark). Everything is local: no model is
downloaded and nothing is fetched at run time.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.cluster import AgglomerativeClustering
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


def suggest_clusters(texts: list[str], *, language: str) -> list[list[int]]:
    """Groups of indexes into `texts` that seem to make the same point.

    Each group has at least two members, no index appears twice, and arguments that fit
    nowhere are left out. Biggest group first (ties: lowest first index), members in
    ascending order. Deterministic: no randomness is involved.
    """
    _language(language)
    docs = [" ".join(stem for stem, _ in _words(text, language)) for text in texts]
    # An argument of only stop words ("ja, dat klopt") has nothing to compare: leave it out.
    usable = [i for i, doc in enumerate(docs) if doc]
    if len(usable) < MIN_CLUSTER_SIZE:
        return []
    vectors = _vectors([docs[i] for i in usable])
    # A precomputed distance matrix from the sparse product: densifying the vectors
    # themselves (tens of thousands of n-gram columns) would cost far more.
    similarity = (vectors @ vectors.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=DISTANCE_THRESHOLD
    ).fit_predict(distance)

    groups: dict[int, list[int]] = defaultdict(list)
    for index, label in zip(usable, labels):
        groups[int(label)].append(index)
    clusters = [sorted(members) for members in groups.values() if len(members) >= MIN_CLUSTER_SIZE]
    clusters.sort(key=lambda members: (-len(members), members[0]))
    return clusters


def suggest_cluster_name(
    texts: list[str], *, language: str, words: int = 3, others: Sequence[str] = ()
) -> str:
    """A short name for a group: its most characteristic words, comma-separated.

    A stem scores by the share of the group's arguments that use it; when `others` (the
    arguments outside the group) are given, minus its share among them, so words that
    every argument uses ("school", "buurt") do not name every group. Each stem is shown
    as the surface word the group uses most for it ("bomen", not "bom").
    """
    _language(language)
    if words < 1:
        return ""
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
