"""How good are the suggested groups, and "where do the rest go"? Dutch set, ArgKP, speed.

    python -m bench.clustering_eval [--argkp PATH] [--bench]

Everything is printed from one run, side by side:
- the Dutch evaluation set (tests/fixtures/dutch_eval: 100 arguments on 10 themes, written for
  the purpose), its halves A (tuned on) and B (held out) and the whole;
- IBM ArgKP train (tuned on) and dev (held out), from tests/fixtures/argkp: for every
  (topic, stance) the arguments that match exactly one key point, that key point their gold
  group; scores are means over those groups, weighted by size;
- for each: suggest_clusters without being told the number of groups, next to TF-IDF +
  k-means *told* the gold number (and other baselines); "where do the rest go" given two
  arguments of every gold group, next to a plain TF-IDF nearest-group baseline; and a speed
  benchmark on 1,000 arguments.
With --bench only the speed benchmark runs.
"""
from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score
from sklearn.preprocessing import normalize

from sessions import clustering, dutch
from sessions.clustering import suggest_clusters, suggest_placements

ROOT = Path(__file__).resolve().parents[1]
ARGKP_PATH = ROOT / "tests" / "fixtures" / "argkp"
DUTCH_PATH = ROOT / "tests" / "fixtures" / "dutch_eval" / "arguments.csv"
# Written after the lexicon and the parameters were frozen, with three themes of its own.
DUTCH_LATE_PATH = DUTCH_PATH.with_name("late.csv")
SPLITS = ("train", "dev")
KMEANS_K = 8
BENCH_SIZE = 1000
BENCH_RUNS = 5
EXAMPLES_PER_GROUP = 2
PLACEMENT_DRAWS = 20

# Labeller(texts, gold) → one label per text; only "told k" baselines look at gold, and only
# at the number of distinct groups in it.
Labeller = Callable[[list[str], list[str]], list[int]]


@dataclass(frozen=True)
class Group:
    """Arguments scored together (one ArgKP topic and stance, or one half of the Dutch set)."""
    name: str
    language: str
    texts: list[str]
    gold: list[str]


@dataclass(frozen=True)
class Score:
    ari: float
    v_measure: float
    clusters: int  # clusters of two or more, summed over the groups
    unclustered: int  # arguments in no cluster of two or more


@dataclass(frozen=True)
class PlacementScore:
    right: float  # share of the rest whose first proposal is its gold group
    top_two: float  # share whose gold group is the first or the second proposal
    unplaced: float  # share that got no proposal
    rest: int  # arguments placed per draw, summed over the groups


# -- data ---------------------------------------------------------------------

def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_groups(root: Path, split: str) -> list[Group]:
    """The (topic, stance) groups of one ArgKP split, each argument with its single key point."""
    folder = Path(root) / split
    matches: dict[str, list[str]] = defaultdict(list)
    for row in _read(folder / f"labels_{split}.csv"):
        if row["label"].strip() == "1":
            matches[row["arg_id"]].append(row["key_point_id"])
    by_group: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for row in _read(folder / f"arguments_{split}.csv"):
        key_points = matches.get(row["arg_id"], [])
        # Arguments with no key point, or with several, have no single gold cluster.
        if len(key_points) == 1:
            texts, gold = by_group[(row["topic"], row["stance"])]
            texts.append(row["argument"])
            gold.append(key_points[0])
    return [Group(f"{topic} ({stance})", "en", texts, gold)
            for (topic, stance), (texts, gold) in sorted(by_group.items())]


def load_dutch(half: str | None = None, path: Path = DUTCH_PATH) -> list[Group]:
    """The Dutch set, or its half "A" (odd numbers, tuned on) or "B" (even numbers, held out)."""
    rows = _read(path)
    if half is not None:
        parity = {"A": 1, "B": 0}[half]
        rows = [r for r in rows if int(r["id"].split("-")[1]) % 2 == parity]
    return [Group(f"Dutch {half or path.stem}", "nl", [r["text"] for r in rows], [r["theme"] for r in rows])]


# -- labellers ----------------------------------------------------------------

def _with_singletons(texts: Sequence[str], clusters: list[list[int]]) -> list[int]:
    """Clusters as one label per text; each text in none is its own singleton."""
    labels = [-1] * len(texts)
    for number, members in enumerate(clusters):
        for index in members:
            labels[index] = number
    next_label = len(texts)
    for index, label in enumerate(labels):
        if label == -1:
            labels[index] = next_label
            next_label += 1
    return labels


def suggested(language: str) -> Labeller:
    return lambda texts, _gold: _with_singletons(texts, suggest_clusters(texts, language=language))


def stems_only(language: str) -> Labeller:
    """suggest_clusters as it was before the Dutch work (issue 19): stems and n-grams, 0.89 cut."""
    def label(texts: list[str], _gold: list[str]) -> list[int]:
        docs = [" ".join(stem for stem, _ in clustering._words(t, language)) for t in texts]
        usable = [i for i, d in enumerate(docs) if d]
        vectors = clustering._vectors([docs[i] for i in usable])
        distance = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, 1.0)
        np.fill_diagonal(distance, 0.0)
        found = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=clustering.DISTANCE_THRESHOLD).fit_predict(distance)
        groups: dict[int, list[int]] = defaultdict(list)
        for index, number in zip(usable, found):
            groups[int(number)].append(index)
        return _with_singletons(texts, [m for m in groups.values() if len(m) >= 2])
    return label


def one_cluster(texts: list[str], _gold: list[str]) -> list[int]:
    return [0] * len(texts)


def tfidf_kmeans_told_k(texts: list[str], gold: list[str]) -> list[int]:
    """Plain word TF-IDF (no stemming, no stop words) and k-means told the gold number of groups."""
    return _kmeans(TfidfVectorizer().fit_transform(texts), len(set(gold)))


def char_kmeans_told_k(texts: list[str], gold: list[str]) -> list[int]:
    """Character 3–5-gram TF-IDF and k-means told the gold number of groups."""
    return _kmeans(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts),
                   len(set(gold)))


def tfidf_kmeans_k8(texts: list[str], _gold: list[str]) -> list[int]:
    return _kmeans(TfidfVectorizer().fit_transform(texts), KMEANS_K)


def _kmeans(vectors, k: int) -> list[int]:
    return KMeans(n_clusters=min(k, vectors.shape[0]), random_state=0, n_init=10).fit_predict(vectors).tolist()


def methods(language: str) -> dict[str, Labeller]:
    return {
        "suggest_clusters (k not given)": suggested(language),
        "before issue 19: stems only (k not given)": stems_only(language),
        "TF-IDF + k-means, told k": tfidf_kmeans_told_k,
        "char n-grams + k-means, told k": char_kmeans_told_k,
        f"TF-IDF + k-means, k = {KMEANS_K} fixed": tfidf_kmeans_k8,
        "one cluster for everything": one_cluster,
    }


def score(groups: list[Group], labeller: Labeller) -> Score:
    total = sum(len(g.texts) for g in groups)
    ari = v_measure = 0.0
    clusters = unclustered = 0
    for group in groups:
        labels = labeller(group.texts, group.gold)
        weight = len(group.texts) / total
        ari += weight * adjusted_rand_score(group.gold, labels)
        v_measure += weight * v_measure_score(group.gold, labels)
        sizes: dict[int, int] = defaultdict(int)
        for label in labels:
            sizes[label] += 1
        clusters += sum(1 for size in sizes.values() if size >= 2)
        unclustered += sum(1 for size in sizes.values() if size == 1)
    return Score(ari, v_measure, clusters, unclustered)


def evaluate(groups: list[Group]) -> dict[str, Score]:
    """Every method's score on the same groups, all computed in the same call."""
    return {name: score(groups, labeller) for name, labeller in methods(groups[0].language).items()}


def evaluate_split(root: Path, split: str) -> dict[str, Score]:
    return evaluate(load_groups(root, split))


# -- where do the rest go -----------------------------------------------------

Placer = Callable[[list[list[str]], list[str], str], list[tuple[int, int | None] | None]]


def ours(groups: list[list[str]], rest: list[str], language: str) -> list[tuple[int, int | None] | None]:
    return [None if p is None else (p.first, p.second) for p in suggest_placements(groups, rest, language=language)]


def tfidf_nearest_group(groups: list[list[str]], rest: list[str], _language: str) -> list[tuple[int, int | None] | None]:
    """Baseline: plain word TF-IDF, each argument to the group whose mean it is closest to."""
    texts = [t for members in groups for t in members] + rest
    vectors = normalize(TfidfVectorizer().fit_transform(texts))
    owners = np.array([g for g, members in enumerate(groups) for _ in members])
    start = len(owners)
    means = normalize(np.vstack([np.asarray(vectors[np.flatnonzero(owners == g)].mean(axis=0)) for g in range(len(groups))]))
    similarity = np.asarray(vectors[start:] @ means.T)
    result = []
    for line in similarity:
        order = np.argsort(-line, kind="stable")
        result.append(None if line[order[0]] <= 0 else (int(order[0]), int(order[1]) if len(order) > 1 else None))
    return result


PLACERS: dict[str, Placer] = {"suggest_placements": ours, "TF-IDF nearest group mean": tfidf_nearest_group}


def placement_score(groups: list[Group], placer: Placer, *, examples: int = EXAMPLES_PER_GROUP,
                    draws: int = PLACEMENT_DRAWS) -> PlacementScore:
    """Mean over seeded draws: `examples` arguments of every gold group are grouped by hand,
    the rest are placed. A gold group with no more than `examples` arguments gives examples only."""
    right = top_two = unplaced = placed = 0
    rest_per_draw = 0
    for draw in range(draws):
        rng = random.Random(draw)
        for group in groups:
            by_gold: dict[str, list[int]] = defaultdict(list)
            for index, gold in enumerate(group.gold):
                by_gold[gold].append(index)
            names = sorted(by_gold)
            chosen = {name: rng.sample(by_gold[name], min(examples, len(by_gold[name]))) for name in names}
            hand = [[group.texts[i] for i in chosen[name]] for name in names]
            taken = {i for picked in chosen.values() for i in picked}
            rest = [i for i in range(len(group.texts)) if i not in taken]
            proposals = placer(hand, [group.texts[i] for i in rest], group.language)
            for index, proposal in zip(rest, proposals):
                gold = names.index(group.gold[index])
                placed += 1
                if proposal is None:
                    unplaced += 1
                    continue
                right += proposal[0] == gold
                top_two += gold in proposal
            if draw == 0:
                rest_per_draw += len(rest)
    return PlacementScore(right / placed, top_two / placed, unplaced / placed, rest_per_draw)


# -- report -------------------------------------------------------------------

def report(title: str, groups: list[Group]) -> str:
    arguments = sum(len(g.texts) for g in groups)
    gold = sum(len(set(g.gold)) for g in groups)
    results = evaluate(groups)
    lines = [f"{title}: {arguments} arguments, {len(groups)} scored group(s), {gold} gold groups.",
             f"  {'grouping':<44} {'ARI':>6} {'V-measure':>10} {'clusters':>9} {'unclustered':>12}"]
    for name, result in results.items():
        lines.append(f"  {name:<44} {result.ari:>6.3f} {result.v_measure:>10.3f} {result.clusters:>9} {result.unclustered:>12}")
    ours_ari = results["suggest_clusters (k not given)"].ari
    for baseline in ("TF-IDF + k-means, told k", "char n-grams + k-means, told k"):
        told = results[baseline].ari
        ratio = f"{ours_ari / told:.1f} x" if told > 0 else "the baseline is at or below chance"
        lines.append(f"  suggest_clusters (k not given) / {baseline}: ARI {ratio}")
    lines.append(f"  {'where do the rest go (' + str(EXAMPLES_PER_GROUP) + ' per group given)':<44} "
                 f"{'right':>6} {'top two':>10} {'no proposal':>12}")
    for name, placer in PLACERS.items():
        result = placement_score(groups, placer)
        lines.append(f"  {name:<44} {result.right:>6.1%} {result.top_two:>10.1%} {result.unplaced:>12.1%}")
    lines.append(f"  (rest per draw: {result.rest} arguments; mean of {PLACEMENT_DRAWS} seeded draws)")
    return "\n".join(lines)


def lexicon_coverage() -> str:
    """How much of the lexicon the Dutch set uses: a lexicon keyed to the set would be mostly used."""
    lexicon = dutch.load_lexicon()
    used_a, used_b = set(), set()
    for half, used in (("A", used_a), ("B", used_b)):
        for text in load_dutch(half)[0].texts:
            for word in dutch.analyse(text):
                used.update(w for w in (word.lemma, *word.parts) if w in lexicon.themes)
    return (f"Lexicon: {len(lexicon.themes)} theme words in {len({t for ts in lexicon.themes.values() for t in ts})} "
            f"themes; the Dutch set uses {len(used_a | used_b)} of them ({len(used_a)} in half A, {len(used_b)} in B, "
            f"{len(used_b - used_a)} only in B).")


@contextmanager
def lexicon_without_words_only_in_b():
    """The lexicon as if its author had seen only half A: every theme word that half B uses and
    half A does not is taken out. Half B scored with it is the check against a lexicon keyed to
    the set's sentences (the lexicon was written after the whole set)."""
    full = dutch.load_lexicon()
    used = {"A": set(), "B": set()}
    for half in used:
        for text in load_dutch(half)[0].texts:
            for word in dutch.analyse(text):
                used[half].update(w for w in (word.lemma, *word.parts) if w in full.themes)
    dropped = used["B"] - used["A"]
    reduced = dutch.Lexicon(themes={w: t for w, t in full.themes.items() if w not in dropped},
                            nouns=full.nouns - dropped, places=full.places, general=full.general)
    original = dutch.load_lexicon
    dutch.load_lexicon = lambda *_: reduced  # the module looks it up by name on every use
    _clear_caches()
    try:
        yield len(dropped)
    finally:
        dutch.load_lexicon = original
        _clear_caches()


def bench_texts(root: Path = ARGKP_PATH, size: int = BENCH_SIZE) -> list[str]:
    """The ArgKP train and dev arguments, topped up to `size` with new texts made of the first
    half of one argument and the second half of another (seeded, so the same every run)."""
    base = [row["argument"] for split in SPLITS for row in _read(Path(root) / split / f"arguments_{split}.csv")]
    return _top_up(base, size)


def dutch_bench_texts(size: int = BENCH_SIZE) -> list[str]:
    return _top_up(load_dutch()[0].texts, size)


def _top_up(base: list[str], size: int) -> list[str]:
    rng = random.Random(0)
    texts = list(base[:size])
    while len(texts) < size:
        head, tail = rng.choice(base).split(), rng.choice(base).split()
        texts.append(" ".join(head[: len(head) // 2] + tail[len(tail) // 2:]))
    return texts


def _clear_caches() -> None:
    # Start from cold word caches every time: they would otherwise flatter us. (simplemma's
    # dictionary stays loaded, as it does in a server once the first suggestion was asked for.)
    clustering._stem.cache_clear()
    for cached in (dutch.lemma, dutch.split_compound, dutch._word):
        cached.cache_clear()


def _median_ms(run: Callable[[], object], runs: int = BENCH_RUNS) -> float:
    timings = []
    for _ in range(runs):
        _clear_caches()
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


_FIRST_USE = """
import time
from bench.clustering_eval import dutch_bench_texts
texts = dutch_bench_texts()
start = time.perf_counter()
from sessions.clustering import suggest_clusters
suggest_clusters(texts, language="nl")
print((time.perf_counter() - start) * 1000)
"""


def report_bench(root: Path = ARGKP_PATH) -> str:
    english, dutch_texts = bench_texts(root), dutch_bench_texts()
    groups = [dutch_texts[i::10][:2] for i in range(10)]
    rows = [
        ("suggest_clusters, English", _median_ms(lambda: suggest_clusters(english, language="en"))),
        ("suggest_clusters, Dutch", _median_ms(lambda: suggest_clusters(dutch_texts, language="nl"))),
        ("suggest_placements, Dutch, 10 groups", _median_ms(lambda: suggest_placements(groups, dutch_texts, language="nl"))),
        (f"TF-IDF + k-means, k = {KMEANS_K} (baseline)", _median_ms(lambda: tfidf_kmeans_k8(dutch_texts, []))),
    ]
    first = subprocess.run([sys.executable, "-c", _FIRST_USE], cwd=ROOT, capture_output=True, text=True, check=True)
    baseline = rows[-1][1]
    lines = [f"Speed on {BENCH_SIZE} arguments, median of {BENCH_RUNS} runs (word caches cleared before each run):"]
    lines += [f"  {name:<40} {ms:8.1f} ms  {ms / baseline:6.2f} x the baseline" for name, ms in rows]
    lines.append(f"  {'first use in a fresh process, Dutch':<40} {float(first.stdout):8.1f} ms  "
                 "(imports scikit-learn, loads simplemma's Dutch dictionary: once per server process)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.clustering_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--argkp", type=Path, default=ARGKP_PATH,
                        help="folder with train/ and dev/ in the IBM ArgKP format (default: the test fixtures)")
    parser.add_argument("--bench", action="store_true", help="run only the speed benchmark")
    args = parser.parse_args(argv)
    if not args.bench:
        print(f"Dutch: distance cut {clustering.DUTCH_DISTANCE_THRESHOLD}, theme weight {clustering.DUTCH_THEME_WEIGHT}, "
              f"char weight {clustering.DUTCH_CHAR_WEIGHT}; tuned on half A only. English: cut "
              f"{clustering.DISTANCE_THRESHOLD}, char weight {clustering.CHAR_WEIGHT}; tuned on ArgKP train only.")
        print(lexicon_coverage(), end="\n\n")
        for half in ("A", "B"):
            print(report(f"Dutch set, half {half} ({'tuned on' if half == 'A' else 'held out'})", load_dutch(half)), end="\n\n")
        with lexicon_without_words_only_in_b() as dropped:
            print(report(f"Dutch set, half B, lexicon without the {dropped} theme words only half B uses",
                         load_dutch("B")), end="\n\n")
        print(report("Dutch set, whole", load_dutch()), end="\n\n")
        print(report("Dutch late set (written after the lexicon and parameters were frozen)",
                     load_dutch(path=DUTCH_LATE_PATH)), end="\n\n")
        for split in SPLITS:
            print(report(f"ArgKP {split} ({'tuned on' if split == 'train' else 'held out'})", load_groups(args.argkp, split)),
                  end="\n\n")
    print(report_bench(args.argkp))


if __name__ == "__main__":
    main()
