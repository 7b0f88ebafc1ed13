"""Real Pabulib files: our import plus our rules fund exactly what pabutools funds on its own.

The direct computation uses pabutools' own parse of the same file and the settings
documented in sessions/allocation.py: cost satisfaction for approval files, the points for
cumulative files, MES completed by raising the voters' budget in steps of 1 % and then by
greedy (`completion_by_rule_combination`), and ties to the lower cost, then the lower id.
Besides the files, a generated election of 1,000 voters and 40 options.

pabutools' own stepping takes minutes on the city district of Mokotów (12,933 voters):
there the test checks what decides the outcome, pabutools' MES at the share where ours
stopped and at the next step; `bench.allocation_bench` runs the whole stepping there.
"""
from copy import deepcopy
from pathlib import Path

import pytest
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
)
from pabutools.election.ballot import AbstractCardinalBallot
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.fractions import frac
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)
from pabutools.tiebreaking import TieBreakingRule

from tests.support.generated_election import generated_pb
from tests.support.pabutools_direct import RankedPointsSat

from sessions.allocation import BallotInput, OptionInput, allocate, tie_order_key
from sessions.pabutools_election import Election
from sessions.errors import DomainError
from sessions.pabulib import read_pb, write_pb

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pabulib"
PB_FILES = sorted(FIXTURES.glob("*.pb"))
GENERATED = "generated_1000_voters_40_options"
# Above this many voters pabutools' own stepping takes minutes: see the module's docstring.
STEPPING_CHECKED_UP_TO = 5_000


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def direct_settings(text: str):
    instance, profile = parse_pabulib_from_string(text)
    vote_type = instance.meta["vote_type"]
    sat_class = {"approval": Cost_Sat, "choose-1": Cost_Sat, "ordinal": RankedPointsSat}.get(
        vote_type, Additive_Cardinal_Sat)
    option_id = {p.project_id: p.id for p in read_pb(text).projects}
    tie = TieBreakingRule(lambda inst, prof, p: tie_order_key(option_id=option_id[p.name],
                                                              cost_cents=p.cost * 100))
    return instance, profile, sat_class, tie, option_id


@pytest.fixture(scope="module", params=[*PB_FILES, GENERATED],
                ids=lambda p: p.stem if isinstance(p, Path) else p)
def pb_file(request):
    text = generated_pb(voters=1_000, options=40) if request.param == GENERATED else text_of(request.param)
    return request.param, read_pb(text), direct_settings(text)


def test_every_fixture_file_is_there():
    assert len(PB_FILES) == 6
    assert {"README.md", "FORMAT.md", "LICENSE-GPL-3.0.md"} <= {p.name for p in FIXTURES.iterdir()}


# pabutools on Mokotów's 12,933 voters takes minutes on a busy machine (Phragmén about 3).
SLOW_ON_MOKOTOW = pytest.mark.timeout(900)


@SLOW_ON_MOKOTOW
def test_greedy_funds_what_pabutools_funds(pb_file):
    _, ours, (instance, profile, sat_class, tie, option_id) = pb_file
    direct = greedy_utilitarian_welfare(instance, profile, sat_class=sat_class, tie_breaking=tie)
    outcome = allocate(budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots,
                       rule="greedy")
    assert set(outcome.funded) == {option_id[p.name] for p in direct}
    assert outcome.funded == [option_id[p.name] for p in direct]


def test_equal_shares_funds_what_pabutools_funds(pb_file):
    _, ours, (instance, profile, sat_class, tie, option_id) = pb_file
    if profile.num_ballots() > STEPPING_CHECKED_UP_TO:
        pytest.skip("pabutools' own stepping takes minutes here: see the test below and the benchmark")
    step = frac(instance.budget_limit, 100 * profile.num_ballots())
    direct = completion_by_rule_combination(
        instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": sat_class, "tie_breaking": tie, "voter_budget_increment": step},
         {"sat_class": sat_class, "tie_breaking": tie}])
    outcome = allocate(budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots,
                       rule="mes")
    assert set(outcome.funded) == {option_id[p.name] for p in direct}


@SLOW_ON_MOKOTOW
def test_equal_shares_stops_where_pabutools_stepping_would(pb_file):
    """At the share per voter where our stepping stopped, pabutools' MES funds what ours
    funds; and that outcome is exhaustive, or pabutools' MES one step further overspends."""
    _, ours, (instance, profile, sat_class, tie, option_id) = pb_file
    election = Election(ours.budget_cents, ours.options, ours.ballots)
    free, result = election._equal_shares()
    ours_mes = {election.option_of[p.name] for p in free} | {election.option_of[c.project.name] for c in result.picked}
    voters = profile.num_ballots()

    def pabutools_mes_at(share_cents):
        at_share = deepcopy(instance)
        at_share.budget_limit = frac(share_cents.numerator * voters, share_cents.denominator * 100)
        return method_of_equal_shares(at_share, profile, sat_class=sat_class, tie_breaking=tie)

    theirs = pabutools_mes_at(result.share)
    assert {option_id[p.name] for p in theirs} == ours_mes
    candidates = [p for p in instance if p.cost > 0 and any(p in ballot for ballot in profile)]
    if not instance.is_exhaustive(theirs, available_projects=candidates):
        step = frac(ours.budget_cents, 100 * voters)
        assert not instance.is_feasible(pabutools_mes_at(result.share + step))


@SLOW_ON_MOKOTOW
def test_phragmen_funds_what_pabutools_funds(pb_file):
    _, ours, (instance, profile, _, tie, option_id) = pb_file
    if not isinstance(profile, ApprovalProfile):
        # Phragmén is approval-only: as documented, a project with points (or ranked) is approved.
        profile = ApprovalProfile([ApprovalBallot(p for p in ballot if not isinstance(ballot, AbstractCardinalBallot)
                                                  or ballot[p] > 0) for ballot in profile],
                                  instance=instance)
    direct = sequential_phragmen(instance, profile, tie_breaking=tie)
    outcome = allocate(budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots,
                       rule="phragmen")
    assert set(outcome.funded) == {option_id[p.name] for p in direct}


@pytest.mark.parametrize("name", ["poland_warszawa_2023_wesola.pb",
                                  "poland_warszawa_2019_przyczolek-grochowski.pb"])
def test_greedy_funds_what_the_city_funded(name):
    text = text_of(FIXTURES / name)
    ours = read_pb(text)
    instance, _ = parse_pabulib_from_string(text)
    selected = {int(p.name) for p in instance if instance.project_meta[p].get("selected") == "1"}
    outcome = allocate(budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots,
                       rule="greedy")
    assert set(outcome.funded) == selected


def test_the_import_reads_meta_projects_and_votes():
    toulouse = read_pb(text_of(FIXTURES / "france_toulouse_2019_.pb"))
    assert toulouse.vote_type == "cumulative"
    assert toulouse.budget_cents == 100_000_000
    assert toulouse.description == "Municipal PB in Toulouse"
    assert len(toulouse.projects) == 30 and len(toulouse.ballots) == 1494
    assert toulouse.projects[0].name == "Compostons ensemble !" and toulouse.projects[0].cost_cents == 700_000
    assert all(b.is_points for b in toulouse.ballots)


def test_a_meta_section_without_its_key_value_line_keeps_its_first_line():
    grochowski = read_pb(text_of(FIXTURES / "poland_warszawa_2019_przyczolek-grochowski.pb"))
    assert grochowski.description.startswith("Local PB in Warsaw")
    assert grochowski.budget_cents == 11_433_991  # 114339.91 PLN, exact


def test_ordinal_votes_become_points_k_down_to_1():
    krakow = read_pb(text_of(FIXTURES / "poland_krakow_2018_wzgorza-krzeslawickie.pb"))
    assert sorted(krakow.ballots[0].points.values()) == [1, 2, 3]
    totals = {}
    for ballot in krakow.ballots:
        for option_id, points in ballot.points.items():
            totals[option_id] = totals.get(option_id, 0) + points
    assert totals[3] == 888 and totals[5] == 257  # the `score` column of the file


GOOD = """META
key;value
description;Test
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name
1;600;A
2;400;B
VOTES
voter_id;vote
1;1,2
2;2
"""


@pytest.mark.parametrize(("broken", "line", "detail"), [
    (GOOD.replace("2;2\n", "2\n"), 13, "2 columns expected, 1 found"),
    (GOOD.replace("PROJECTS\n", ""), 9, "section VOTES where PROJECTS was expected"),
    (GOOD.replace("1;1,2\n", "1;1,7\n"), 12, "not in PROJECTS"),
    (GOOD.replace("1;600;A", "1;six hundred;A"), 8, "not a number"),
    (GOOD.replace("1;600;A", "1;600.005;A"), 8, "finer than a cent"),
    (GOOD.replace("budget;1000\n", ""), 5, "META has no budget"),
    ("", 1, "no META section"),
    ("PROJECTS\n", 1, "section PROJECTS where META was expected"),
])
def test_a_malformed_file_names_the_line(broken, line, detail):
    assert read_pb(GOOD).options == [OptionInput(1, "A", 60_000), OptionInput(2, "B", 40_000)]
    with pytest.raises(DomainError) as refused:
        read_pb(broken)
    assert refused.value.code == "pb_malformed"
    assert refused.value.params["line"] == line
    assert detail in refused.value.params["detail"]


OPTIONS = [OptionInput(3, 'Bankjes; "groen"', 125_050), OptionInput(8, "Speeltuin", 300_000),
           OptionInput(11, "Bomen", 0)]


@pytest.mark.parametrize("ballots", [
    [BallotInput(approved=frozenset({3, 8})), BallotInput(approved=frozenset()),
     BallotInput(approved=frozenset({11}))],
    [BallotInput(points={3: 2, 8: 5}), BallotInput(points={}), BallotInput(points={11: 1})],
], ids=["approval", "points"])
def test_write_then_read_keeps_options_and_ballots(ballots):
    text = write_pb(description="Buurttafel\nOost", budget_cents=400_000, options=OPTIONS, ballots=ballots)
    back = read_pb(text)
    assert back.options == OPTIONS
    assert back.ballots == ballots
    assert back.budget_cents == 400_000
    assert back.description == "Buurttafel Oost"
    instance, profile = parse_pabulib_from_string(text)  # pabutools reads it too
    assert len(instance) == 3 and profile.num_ballots() == 3
    assert allocate(budget_cents=400_000, options=back.options, ballots=back.ballots, rule="mes") == \
        allocate(budget_cents=400_000, options=OPTIONS, ballots=ballots, rule="mes")
