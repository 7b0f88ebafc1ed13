"""How good are the suggested clusters? Scored against IBM ArgKP, plus a speed benchmark.

    python -m sessions.clustering_eval [PATH] [--bench]

PATH holds `train/` and `dev/` in the ArgKP format (default: the fixture copy in
tests/fixtures/argkp). For every (topic, stance) the arguments that match exactly one key
point are taken, and that key point is their gold cluster. suggest_clusters is scored next
to three baselines in the same run; the scores are means over the (topic, stance) groups,
weighted by group size. The parameters of sessions/clustering.py were tuned on `train`
only; `dev` is the held-out check. With --bench only the speed benchmark runs.
"""
from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score

from . import clustering
from .clustering import suggest_clusters

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "argkp"
SPLITS = ("train", "dev")
KMEANS_K = 8
BENCH_SIZE = 1000
BENCH_RUNS = 5

Labeller = Callable[[list[str]], list[int]]


@dataclass(frozen=True)
class Group:
    topic: str
    stance: str
    texts: list[str]
    gold: list[str]  # key point id per text


@dataclass(frozen=True)
class Score:
    ari: float
    v_measure: float
    clusters: int  # clusters of two or more, summed over the groups
    unclustered: int  # arguments in no cluster of two or more


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_groups(root: Path, split: str) -> list[Group]:
    """The (topic, stance) groups of one split, each argument with its single key point."""
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
    return [Group(topic, stance, texts, gold) for (topic, stance), (texts, gold) in sorted(by_group.items())]


def suggested_labels(texts: list[str]) -> list[int]:
    """suggest_clusters as one label per argument; each outlier is its own singleton."""
    labels = [-1] * len(texts)
    for number, members in enumerate(suggest_clusters(texts, language="en")):
        for index in members:
            labels[index] = number
    next_label = len(texts)
    for index, label in enumerate(labels):
        if label == -1:
            labels[index] = next_label
            next_label += 1
    return labels


def one_cluster(texts: list[str]) -> list[int]:
    return [0] * len(texts)


def every_argument_alone(texts: list[str]) -> list[int]:
    return list(range(len(texts)))


def tfidf_kmeans(texts: list[str]) -> list[int]:
    """Plain TF-IDF (no stemming, no stop words) and KMeans with k fixed at 8."""
    vectors = TfidfVectorizer().fit_transform(texts)
    k = min(KMEANS_K, len(texts))
    return KMeans(n_clusters=k, random_state=0, n_init=10).fit_predict(vectors).tolist()


METHODS: dict[str, Labeller] = {
    "suggest_clusters (k not given)": suggested_labels,
    "one cluster for everything": one_cluster,
    f"TF-IDF + KMeans, k = {KMEANS_K} fixed": tfidf_kmeans,
    "every argument alone": every_argument_alone,
}


def score(groups: list[Group], labeller: Labeller) -> Score:
    total = sum(len(g.texts) for g in groups)
    ari = v_measure = 0.0
    clusters = unclustered = 0
    for group in groups:
        labels = labeller(group.texts)
        weight = len(group.texts) / total
        ari += weight * adjusted_rand_score(group.gold, labels)
        v_measure += weight * v_measure_score(group.gold, labels)
        sizes = defaultdict(int)
        for label in labels:
            sizes[label] += 1
        clusters += sum(1 for size in sizes.values() if size >= 2)
        unclustered += sum(1 for size in sizes.values() if size == 1)
    return Score(ari, v_measure, clusters, unclustered)


def evaluate_split(root: Path, split: str) -> dict[str, Score]:
    """Every method's score on one split, all computed in the same call."""
    groups = load_groups(root, split)
    return {name: score(groups, labeller) for name, labeller in METHODS.items()}


def report_split(root: Path, split: str) -> str:
    groups = load_groups(root, split)
    arguments = sum(len(g.texts) for g in groups)
    key_points = sum(len(set(g.gold)) for g in groups)
    results = evaluate_split(root, split)
    lines = [
        f'Split "{split}": {arguments} arguments that match exactly one key point, '
        f"{len(groups)} (topic, stance) groups, {key_points} gold key points.",
        "Scores: mean over the (topic, stance) groups, weighted by group size.",
        f"{'method':<34} {'ARI':>6} {'V-measure':>10} {'clusters':>9} {'unclustered':>12}",
    ]
    for name, result in results.items():
        lines.append(
            f"{name:<34} {result.ari:>6.3f} {result.v_measure:>10.3f} {result.clusters:>9} {result.unclustered:>12}"
        )
    lines.append(
        f"suggest_clusters left {results[next(iter(METHODS))].unclustered} of {arguments} arguments "
        "unclustered (scored as singletons)."
    )
    return "\n".join(lines)


def bench_texts(root: Path, size: int = BENCH_SIZE) -> list[str]:
    """The train and dev arguments, topped up to `size` with new texts made of the first
    half of one argument and the second half of another (seeded, so the same every run)."""
    base = [row["argument"] for split in SPLITS for row in _read(Path(root) / split / f"arguments_{split}.csv")]
    rng = random.Random(0)
    texts = list(base[:size])
    while len(texts) < size:
        head, tail = rng.choice(base).split(), rng.choice(base).split()
        texts.append(" ".join(head[: len(head) // 2] + tail[len(tail) // 2 :]))
    return texts


def _median_ms(run: Callable[[], object], runs: int = BENCH_RUNS) -> float:
    timings = []
    for _ in range(runs):
        # Start cold every time: the stemmer's word cache would otherwise flatter us.
        clustering._stem.cache_clear()
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def report_bench(root: Path) -> str:
    texts = bench_texts(root)
    ours = _median_ms(lambda: suggest_clusters(texts, language="en"))
    kmeans = _median_ms(lambda: tfidf_kmeans(texts))
    return "\n".join([
        f"Speed on {len(texts)} arguments, median of {BENCH_RUNS} runs (stemmer cache cleared before each run):",
        f"  suggest_clusters             {ours:8.1f} ms",
        f"  TF-IDF + KMeans, k = {KMEANS_K} fixed  {kmeans:8.1f} ms",
        f"  ratio                        {ours / kmeans:8.2f} x",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sessions.clustering_eval", description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH,
                        help="folder with train/ and dev/ in the IBM ArgKP format (default: the test fixtures)")
    parser.add_argument("--bench", action="store_true", help="run only the speed benchmark")
    args = parser.parse_args(argv)
    if not args.bench:
        print(
            f"suggest_clusters: average linkage, cosine distance cut at {clustering.DISTANCE_THRESHOLD}, "
            f"word TF-IDF + {clustering.CHAR_WEIGHT} x char {clustering.CHAR_NGRAMS[0]}-{clustering.CHAR_NGRAMS[1]}-grams "
            "of stems; tuned on train only.\n"
        )
        for split in SPLITS:
            print(report_split(args.path, split), end="\n\n")
    print(report_bench(args.path))


if __name__ == "__main__":
    main()
