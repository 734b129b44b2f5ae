"""Each hard constraint of the CP-SAT roster has a case where it binds, plus the objectives
and the greedy baseline. Pure data: no database."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from spp.rosters.solver import solve, solve_greedy
from spp.rosters.solver.types import Need, Person, Problem, Qual, Rules, ShiftSpec

TZ = ZoneInfo("Europe/Paris")
DAY = date(2026, 3, 2)  # a Monday
ALWAYS = ((datetime(2026, 2, 1, tzinfo=TZ), datetime(2026, 5, 1, tzinfo=TZ)),)
FAST = Rules(time_limit=5, min_rest_hours=11, max_hours_per_week=48)


def at(day_offset: int, hour: int) -> datetime:
    return datetime(2026, 3, 2, tzinfo=TZ) + timedelta(days=day_offset, hours=hour)


def shift(id, start, hours, *needs, **kw):
    return ShiftSpec(id, start, start + timedelta(hours=hours), tuple(needs), **kw)


def qualified(id, *codes, availability=ALWAYS, **kw):
    return Person(id, tuple(Qual(c, date(2020, 1, 1)) for c in codes), availability, **kw)


def placed(result) -> set[tuple[int, int]]:
    return {(p.person, p.shift) for p in result.placements}


def test_qualification_must_be_valid_on_the_shift_date():
    expired = Person(1, (Qual("equipier", date(2020, 1, 1), DAY - timedelta(days=1)),), ALWAYS)
    valid = qualified(2, "equipier")
    result = solve(Problem([shift(10, at(0, 8), 4, Need("equipier", 1, 1))], [expired, valid],
                           FAST))
    assert placed(result) == {(2, 10)}


def test_nobody_qualified_leaves_a_gap_saying_why():
    result = solve(Problem([shift(10, at(0, 8), 4, Need("chef-agres", 1, 1))],
                           [qualified(1, "equipier")], FAST))
    assert result.placements == []
    assert result.gaps[0].missing == 1
    assert "qualification" in result.gaps[0].reason
    assert result.stats["coverage"] == 0


def test_availability_must_cover_the_whole_shift():
    morning_only = ((at(0, 7), at(0, 11)),)
    result = solve(Problem([shift(10, at(0, 8), 4, Need("", 1, 1))],
                           [qualified(1, availability=morning_only)], FAST))
    assert result.placements == []
    assert "aucun disponible" in result.gaps[0].reason


def test_no_overlap_between_one_persons_shifts():
    shifts = [shift(10, at(0, 8), 4, Need("", 1, 1)), shift(11, at(0, 10), 4, Need("", 1, 1))]
    result = solve(Problem(shifts, [qualified(1)], FAST))
    assert len(result.placements) == 1
    assert len(result.gaps) == 1


def test_minimum_rest_between_shifts_binds():
    shifts = [shift(10, at(0, 7), 12, Need("", 1, 1)), shift(11, at(1, 1), 6, Need("", 1, 1))]
    assert len(solve(Problem(shifts, [qualified(1)], FAST)).placements) == 1
    relaxed = Rules(time_limit=5, min_rest_hours=5, max_hours_per_week=48)
    assert len(solve(Problem(shifts, [qualified(1)], relaxed)).placements) == 2


def test_maximum_hours_per_week_binds():
    shifts = [shift(10 + d, at(d, 7), 12, Need("", 1, 1)) for d in range(5)]
    result = solve(Problem(shifts, [qualified(1)], FAST))
    assert len(result.placements) == 4  # 48 h cap, 12 h shifts
    assert "plafond" in result.gaps[0].reason


def test_never_more_than_the_needs_maximum():
    people = [qualified(i) for i in range(5)]
    result = solve(Problem([shift(10, at(0, 8), 4, Need("", 1, 2))], people, FAST))
    assert 1 <= len(result.placements) <= 2


def test_trainee_only_alongside_a_qualified_person():
    trainee = Person(1, (Qual("equipier", date(2020, 1, 1), in_training=True),), ALWAYS)
    alone = solve(Problem([shift(10, at(0, 8), 4, Need("equipier", 1, 2))], [trainee], FAST))
    assert alone.placements == []
    problem = Problem([shift(10, at(0, 8), 4, Need("equipier", 1, 2))],
                      [trainee, qualified(2, "equipier")], FAST, {7: 1})
    problem.people[0] = Person(1, trainee.qualifications, ALWAYS, household=7)
    together = solve(problem)
    assert {(p.person, p.trainee) for p in together.placements} == {(1, True), (2, False)}
    assert together.stats["coverage"] == 1


def test_included_qualification_counts_once_expanded():
    chef = Person(1, (Qual("chef-agres", date(2020, 1, 1)), Qual("equipier", date(2020, 1, 1))),
                  ALWAYS)
    result = solve(Problem([shift(10, at(0, 8), 4, Need("equipier", 1, 1))], [chef], FAST))
    assert placed(result) == {(1, 10)}


def test_coverage_comes_before_fairness():
    # Person 1 is the only chef: they must take both chef needs even if it is unfair.
    shifts = [shift(10, at(0, 7), 4, Need("chef", 1, 1)),
              shift(11, at(2, 7), 4, Need("chef", 1, 1))]
    people = [qualified(1, "chef"), qualified(2)]
    result = solve(Problem(shifts, people, FAST))
    assert placed(result) == {(1, 10), (1, 11)}


def test_fairness_spreads_nights_and_load():
    shifts = [shift(10 + d, at(d, 19), 12, Need("", 1, 1), night=True) for d in range(4)]
    result = solve(Problem(shifts, [qualified(1), qualified(2)], FAST))
    loads = [sum(1 for p in result.placements if p.person == person) for person in (1, 2)]
    assert loads == [2, 2]


def test_household_quota_is_met_when_possible():
    shifts = [shift(10 + d, at(d, 8), 4, Need("", 1, 2)) for d in range(3)]
    people = [qualified(1, household=5), qualified(2)]
    result = solve(Problem(shifts, people, FAST, {5: 3}))
    assert sum(1 for p in result.placements if p.person == 1) == 3
    assert result.stats["household_shortfall"] == 0


def test_preferences_break_ties():
    shifts = [shift(10, at(0, 8), 4, Need("", 1, 1)), shift(11, at(2, 8), 4, Need("", 1, 1))]
    people = [qualified(1, preferred=frozenset({11})), qualified(2, preferred=frozenset({10}))]
    assert placed(solve(Problem(shifts, people, FAST))) == {(1, 11), (2, 10)}


def test_greedy_baseline_respects_the_same_hard_constraints():
    shifts = [shift(10 + d, at(d, 7), 12, Need("", 1, 1)) for d in range(5)]
    result = solve_greedy(Problem(shifts, [qualified(1)], FAST))
    assert len(result.placements) == 4
    assert result.stats["coverage"] == 0.8
