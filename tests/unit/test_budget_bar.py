"""The budget bar's view data: segments as wide as their cost, what is left or over."""
import json
from pathlib import Path

import pytest

from sessions.views import budget_bar

CASES = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "budget_bars.json").read_text())


@pytest.mark.parametrize("case", CASES)
def test_the_same_answers_as_the_javascript(case):
    bar = budget_bar(case["budget_cents"], case["segments"])
    expected = case["expected"]
    assert bar["budget_x"] == pytest.approx(expected["budget_x"])
    assert {k: v for k, v in bar.items() if k not in ("segments", "budget_x")} == \
        {k: v for k, v in expected.items() if k not in ("segments", "budget_x")}
    for got, want in zip(bar["segments"], expected["segments"], strict=True):
        assert got == {**want, "x": pytest.approx(want["x"]), "width": pytest.approx(want["width"])}


def test_segments_are_as_wide_as_their_cost_within_a_pixel():
    costs = [1_234_500, 80_000, 999_900, 45_000, 310_000, 5_000, 725_000, 150_000, 62_000, 410_000, 98_000, 900_000]
    bar = budget_bar(8_000_000, [{"label": f"Optie {i}", "cents": c} for i, c in enumerate(costs, 1)])
    widths = [segment["width"] * 1920 for segment in bar["segments"]]
    for width, cost in zip(widths, costs):
        assert abs(width - cost / 8_000_000 * 1920) < 1
    assert bar["left_cents"] == 8_000_000 - sum(costs) and bar["over_cents"] == 0
    assert bar["segments"][-1]["x"] + bar["segments"][-1]["width"] == pytest.approx(sum(costs) / 8_000_000)


def test_over_budget_scales_to_the_total_and_marks_the_budget():
    bar = budget_bar(1000, [{"label": "a", "cents": 700}, {"label": "b", "cents": 700}])
    assert bar["over_cents"] == 400 and bar["left_cents"] == 0
    assert bar["budget_x"] == pytest.approx(1000 / 1400)
    assert bar["segments"][1]["x"] == pytest.approx(0.5)
