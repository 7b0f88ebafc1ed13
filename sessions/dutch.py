"""Dutch words brought to what they are about, for the suggested groups.

Residents say one thing in many words: "bankjes", "zitbanken" and "zitgelegenheid" are all
about sitting; "lantaarnpalen", "straatlampen" and "ledlampen" about light. A stemmer alone
leaves them apart. This module takes each word to

- its **lemma** (simplemma's Dutch dictionary: "bomen" → "boom", "gereden" → "rijden"),
  with the diminutive undone ("bankjes" → "bank", "speelplekje" → "speelplek");
- its **parts**, when it is a compound of words the lexicon knows ("verkeersdrempel" →
  "verkeer" + "drempel", "straatlamp" → "straat" + "lamp"): Dutch puts the head last;
- its **themes**, from the lexicon in sessions/data/lexicon_nl.json (reviewed data, with its
  own tests), which also marks the words that only say where or for whom ("water",
  "bewoners") and the general words ("nieuw", "kapot") so that they weigh little.

No model, no download: simplemma ships its dictionaries in its wheel. It costs about 40 MB
and most of a second to load, so it is loaded on first use, never at import; the server does
not import this module until a facilitator asks for suggestions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("data") / "lexicon_nl.json"

# Letters only (digits and underscores are noise here), keeping an inner apostrophe so that
# "auto's" stays one word.
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# A part of a compound must be a real word, not a syllable: "bak" yes, "en" never.
MIN_PART = 3
# Linking sounds between the parts of a compound: verkeer-s-drempel, honden-poep, boom-en-kap.
_LINKS = ("s", "en", "e", "n", "er")
# Diminutive endings, longest first: balletje, boompje, koninkje, tuintje, bankje.
_DIMINUTIVES = ("etje", "pje", "kje", "tje", "je")

# Kinds of word, by how much they say about what an argument is about.
THEME, PLACE, GENERAL, OTHER = "theme", "place", "general", "other"


@dataclass(frozen=True)
class Lexicon:
    themes: dict[str, frozenset[str]]  # lemma → its themes
    nouns: frozenset[str]  # lemmas that may name a group
    places: frozenset[str]  # where and for whom: weak, never a theme
    general: frozenset[str]  # words that say little: weak, never a name

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.themes) | self.places | self.general


@dataclass(frozen=True)
class Word:
    surface: str  # as written, lower case
    lemma: str
    parts: tuple[str, ...]  # lexicon words the compound is made of (head last); () if none
    themes: tuple[tuple[str, float], ...]  # (theme, weight), weights summing to at most 1
    kind: str  # THEME, PLACE, GENERAL or OTHER

    @property
    def is_noun(self) -> bool:
        """Whether the word may name a group: a lexicon noun, or a compound with one as head."""
        lexicon = load_lexicon()
        return self.lemma in lexicon.nouns or bool(self.parts and self.parts[-1] in lexicon.nouns)


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    themes: dict[str, set[str]] = {}
    nouns: set[str] = set()
    for theme, words in data["themes"].items():
        for word in words["nouns"] + words["other"]:
            themes.setdefault(word, set()).add(theme)
        nouns.update(words["nouns"])
    return Lexicon(
        themes={word: frozenset(names) for word, names in themes.items()},
        nouns=frozenset(nouns),
        places=frozenset(data["places_and_people"]),
        general=frozenset(data["general"]),
    )


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(w.lower() for w in get_stop_words("dutch"))


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The dictionary form of one lower-case word, diminutive undone.

    The lexicon comes first: simplemma guesses between readings ("tuin" → "tuinen", "vaart"
    → "ervaren") where the lexicon knows the word is the noun a neighbourhood means. So a
    word is looked up as it is, then as a regular plural or diminutive of a lexicon word,
    and only then given to simplemma.
    """
    known = load_lexicon().known
    word = word.removesuffix("'s")  # auto's, paraplu's
    if word in known:
        return word
    bases = _regular_bases(word)
    for candidate in bases:
        if candidate in known:
            return candidate
    for candidate in bases:
        # A compound of known words in the plural: bloemenbakken → bloemenbak.
        parts = split_compound(candidate)
        if parts and candidate.endswith(parts[-1]):
            return candidate
    import simplemma  # ~40 MB of dictionary: only when first needed

    base = simplemma.lemmatize(word, lang="nl")
    if base in known:
        return base
    for candidate in _regular_bases(base):
        if candidate in known or split_compound(candidate) or (
                len(candidate) > MIN_PART and simplemma.is_known(candidate, lang="nl")):
            return candidate
    return base


def _regular_bases(word: str) -> list[str]:
    """What a word may be the plural or diminutive of, by the regular rules, most likely first.

    Only candidates: the caller keeps one that is a known word, so "meisje" and "ijsje",
    whose "base" is no word, stay what they are.
    """
    forms = [word]
    if word.endswith("jes"):  # bankjes → bankje
        forms.append(word[:-1])
    bases: list[str] = []
    for form in forms:
        if form.endswith("s") and len(form) > MIN_PART + 1:  # fietsers, lantaarns
            bases.append(form[:-1])
        if form.endswith("en") and len(form) >= MIN_PART + 2:
            stem = form[:-2]
            bases.append(stem)  # planten → plant
            bases.append(form[:-1])  # jongeren → jongere, blinden → blinde
            if len(stem) > 1 and stem[-1] == stem[-2]:
                bases.append(stem[:-1])  # bakken → bak
            if len(stem) > 2 and stem[-2] in "aeou" and stem[-3] not in "aeiou":
                bases.append(stem[:-1] + stem[-2] + stem[-1])  # bomen → boom, palen → paal
            if stem.endswith("v"):
                bases.append(stem[:-1] + "f")  # duiven → duif
            if stem.endswith("z"):
                bases.append(stem[:-1] + "s")  # huizen → huis
        for ending in _DIMINUTIVES:
            stem = form[: -len(ending)]
            if form.endswith(ending) and len(stem) >= MIN_PART:
                if ending == "etje" and len(stem) > 1 and stem[-1] == stem[-2]:
                    bases.append(stem[:-1])  # balletje → bal
                bases.append(stem)
    return bases


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The lexicon words a compound is made of, head last; () if it is not one.

    The head is the longest known word the compound ends with ("straatlamp" → "lamp"); what
    is left before it, less a linking sound, is split the same way once more. When no known
    word ends it, a known word it starts with is kept as its only part ("afvalcontainer"
    → "afval"), since the modifier still says what it is about.
    """
    known = load_lexicon().known
    for start in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[start:]
        if head not in known:
            continue
        modifier = _modifier(word[:start], known)
        if modifier is not None:
            return (*modifier, head)
    for end in range(len(word) - MIN_PART, MIN_PART, -1):
        modifier = _modifier(word[:end], known)
        if modifier is not None:
            return modifier
    return ()


def _modifier(prefix: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """The known word(s) a compound's first part stands for, or None."""
    forms = [prefix] + [prefix[: -len(link)] for link in _LINKS if prefix.endswith(link)] + _regular_bases(prefix)
    for form in forms:
        if len(form) < MIN_PART:
            continue
        if form in known:
            return (form,)
        inner = _known_head(form, known)
        if inner:
            return inner
    return None


def _known_head(word: str, known: frozenset[str]) -> tuple[str, ...]:
    # One level deeper: "hondenpoep-bak" has "honden" + "poep" before its head.
    for start in range(MIN_PART, len(word) - MIN_PART + 1):
        if word[start:] in known and word[:start] in known:
            return word[:start], word[start:]
    return ()


def analyse(text: str) -> list[Word]:
    """The content words of a text, in order, each with its lemma, parts, themes and kind."""
    stop = _stop_words()
    lowered = text.lower().replace("\u2019", "'")
    return [_word(w) for w in WORD.findall(lowered) if len(w) > 1 and w not in stop]


@lru_cache(maxsize=100_000)
def _word(surface: str) -> Word:
    lexicon = load_lexicon()
    base = lemma(surface)
    if base in _stop_words():
        return Word(surface, base, (), (), GENERAL)
    if base in lexicon.themes:
        return Word(surface, base, (), _share(lexicon.themes[base]), THEME)
    if base in lexicon.places:
        return Word(surface, base, (), (), PLACE)
    if base in lexicon.general:
        return Word(surface, base, (), (), GENERAL)
    parts = split_compound(base)
    if not parts:
        return Word(surface, base, (), (), OTHER)
    # The head says what the thing is; a modifier says which kind, so it counts half.
    weights: dict[str, float] = {}
    for position, part in enumerate(parts):
        weight = 1.0 if position == len(parts) - 1 else 0.5
        for theme, share in _share(lexicon.themes.get(part, frozenset())):
            weights[theme] = weights.get(theme, 0.0) + weight * share
    total = sum(weights.values())
    themes = tuple(sorted((t, w / total) for t, w in weights.items())) if total else ()
    return Word(surface, base, parts, themes, THEME if themes else OTHER)


def _share(themes: frozenset[str]) -> tuple[tuple[str, float], ...]:
    # A word of two themes ("drempel": verkeer and toegankelijkheid) gives each half.
    return tuple((theme, 1.0 / len(themes)) for theme in sorted(themes))
