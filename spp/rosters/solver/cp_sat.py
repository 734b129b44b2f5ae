"""Auto-rostering with OR-Tools CP-SAT, over the plain data of ``types``.

Hard constraints: a place needs the qualification valid on the shift's date (a trainee only
alongside a qualified person on the same need), the person available for the whole shift, no
overlap and the minimum rest between one person's shifts, the maximum hours per ISO week, at
most ``max`` people per need. Objectives, lexicographic (each stage keeps the previous
optimum): 1. cover every need's minimum; 2. fairness: households' quotas, then the heaviest
load and the most nights/weekends anyone gets; 3. stated preferences."""

import time
from collections import defaultdict
from datetime import timedelta

from ortools.sat.python import cp_model

from spp.rosters.solver.types import (
    Placement,
    Problem,
    Result,
    diagnose,
    evaluate,
    free_for,
    role_on,
    week_of,
)


def _variables(model, problem: Problem):
    """x[(person, shift, need, trainee)] for every eligible combination only."""
    rest = timedelta(hours=problem.rules.min_rest_hours)
    x = {}
    for person in problem.people:
        for shift in problem.shifts:
            if not free_for(person, shift, rest):
                continue
            day = shift.start.date()
            for index, need in enumerate(shift.needs):
                role = role_on(person, need, day)
                if role:
                    trainee = role == "trainee"
                    x[(person.id, shift.id, index, trainee)] = model.new_bool_var("")
    return x


def _rest_cliques(shifts, rest: timedelta) -> list[list]:
    """Maximal sets of shifts pairwise too close for one person: extended intervals
    [start, end + rest) form an interval graph, whose cliques sit at the start points."""
    ordered = sorted(shifts, key=lambda s: s.start)
    cliques, previous = [], None
    for point in ordered:
        clique = [s for s in ordered if s.start <= point.start < s.end + rest]
        key = frozenset(s.id for s in clique)
        if len(clique) > 1 and key != previous:
            cliques.append(clique)
        previous = key
    return cliques


def build(problem: Problem):
    """The CP-SAT model and its terms; exposed so tests can inspect it."""
    model = cp_model.CpModel()
    x = _variables(model, problem)
    by_shift = {s.id: s for s in problem.shifts}
    per_person_shift = defaultdict(list)
    per_need = defaultdict(lambda: ([], []))
    for (person, shift, index, trainee), var in x.items():
        per_person_shift[(person, shift)].append(var)
        per_need[(shift, index)][1 if trainee else 0].append(var)
    y = {}
    for key, variables in per_person_shift.items():
        y[key] = model.new_bool_var("")
        model.add(sum(variables) == y[key])  # one place per person and shift
    shortage = []
    for shift in problem.shifts:
        for index, need in enumerate(shift.needs):
            qualified, trainees = per_need[(shift.id, index)]
            model.add(sum(qualified) + sum(trainees) <= need.max)
            for trainee in trainees:
                model.add(trainee <= sum(qualified))
            short = model.new_int_var(0, need.min, "")
            model.add(short >= need.min - sum(qualified))
            shortage.append(short)
    rest = timedelta(hours=problem.rules.min_rest_hours)
    cap = int(problem.rules.max_hours_per_week * 60)
    loads, night_weekend = {}, {}
    for person in problem.people:
        mine = [by_shift[s] for (p, s) in y if p == person.id]
        if not mine:
            continue
        for clique in _rest_cliques(mine, rest):
            model.add(sum(y[(person.id, s.id)] for s in clique) <= 1)
        weeks = defaultdict(list)
        for shift in mine:
            weeks[week_of(shift)].append(shift)
        for week_shifts in weeks.values():
            if sum(s.minutes for s in week_shifts) > cap:
                model.add(sum(s.minutes * y[(person.id, s.id)] for s in week_shifts) <= cap)
        loads[person.id] = sum(y[(person.id, s.id)] for s in mine)
        night_weekend[person.id] = sum(y[(person.id, s.id)] for s in mine if s.night or s.weekend)
    return model, x, y, shortage, loads, night_weekend


def _fairness(model, problem, y, loads, night_weekend):
    """The fairness objective, and its three terms (kept apart so that the next stage can
    hold each one at its value: a tighter model than the weighted sum alone)."""
    horizon = len(problem.shifts)
    max_load = model.new_int_var(0, horizon, "max_load")
    max_nw = model.new_int_var(0, horizon, "max_nw")
    for person, load in loads.items():
        model.add(load <= max_load)
        model.add(night_weekend[person] <= max_nw)
    household_short = []
    members = defaultdict(list)
    for person in problem.people:
        if person.household is not None:
            members[person.household].append(person.id)
    for household, quota in problem.household_quota.items():
        done = sum(loads.get(p, 0) for p in members[household])
        short = model.new_int_var(0, quota, "")
        model.add(short >= quota - done)
        household_short.append(short)
    return 10 * sum(household_short) + 3 * max_load + 2 * max_nw, (
        sum(household_short), max_load, max_nw)


def _solve_stage(model, objective, problem, seconds, minimize=True, max_sat=False):
    """One stage. ``max_sat``: the objective is a plain sum of yes/no placements (the stated
    preferences), the shape of a weighted MaxSAT problem, which CP-SAT's MaxHS algorithm
    (SAT cores alternating with a hitting-set LP, one worker) proves optimal in about a
    second, where the portfolio's bound stalls: bench/rosters_solver.py's seed 2 stopped at a
    16.7 % gap after 30 s with it. Should MaxHS find nothing in time, the caller keeps the
    previous stage's placements."""
    (model.minimize if minimize else model.maximize)(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.5)
    solver.parameters.relative_gap_limit = 0.005
    if max_sat:
        solver.parameters.optimize_with_max_hs = True
        solver.parameters.num_workers = 1
    else:
        solver.parameters.num_workers = problem.rules.workers
        solver.parameters.linearization_level = 2
    status = solver.solve(model)
    return solver, status


def _stage_report(solver, status) -> dict:
    value, bound = solver.objective_value, solver.best_objective_bound
    gap = abs(value - bound) / max(abs(value), 1.0)
    return {"status": solver.status_name(status), "objective": value, "bound": bound,
            "gap": round(gap, 4), "seconds": round(solver.wall_time, 2)}


def _keep(model, solver, x):
    """Hint the next stage with this stage's solution."""
    model.clear_hints()
    for var in x.values():
        model.add_hint(var, solver.boolean_value(var))


def solve(problem: Problem, progress=None) -> Result:
    """Lexicographic CP-SAT solve; returns placements, uncovered needs with why, and figures.
    ``progress(stage, report)``, if given, is called as each stage starts (report None) and
    ends (its ``_stage_report``), for a page that shows how far the solve is."""
    began = time.monotonic()
    tell = progress or (lambda stage, report: None)
    budget = problem.rules.time_limit
    model, x, y, shortage, loads, night_weekend = build(problem)
    stages = {}
    tell("coverage", None)
    per_stage = problem.rules.stage_limit
    solver, status = _solve_stage(model, sum(shortage), problem, per_stage or budget * 0.4)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result([], [], {"status": solver.status_name(status)})
    stages["coverage"] = _stage_report(solver, status)
    tell("coverage", stages["coverage"])
    model.add(sum(shortage) <= round(solver.objective_value))
    _keep(model, solver, x)
    fairness, parts = _fairness(model, problem, y, loads, night_weekend)
    remaining = budget - (time.monotonic() - began)
    tell("fairness", None)
    next_solver, next_status = _solve_stage(model, fairness, problem,
                                            per_stage or remaining * 0.7)
    if next_status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solver, status = next_solver, next_status
        stages["fairness"] = _stage_report(solver, status)
        tell("fairness", stages["fairness"])
        model.add(fairness <= round(solver.objective_value))
        for part in parts:  # each term at its value: the preferences stage closes faster
            if not isinstance(part, int):
                model.add(part <= round(solver.value(part)))
        _keep(model, solver, x)
        people = {p.id: p for p in problem.people}
        preferences = sum(v for (p, s), v in y.items() if s in people[p].preferred)
        remaining = budget - (time.monotonic() - began)
        if not isinstance(preferences, int):
            tell("preferences", None)
            next_solver, next_status = _solve_stage(model, preferences, problem,
                                                    per_stage or remaining, minimize=False,
                                                    max_sat=True)
            if next_status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solver, status = next_solver, next_status
                stages["preferences"] = _stage_report(solver, status)
                tell("preferences", stages["preferences"])
    placements = [Placement(p, s, i, t) for (p, s, i, t), var in x.items()
                  if solver.boolean_value(var)]
    return result_from(problem, placements, stages, time.monotonic() - began)


def result_from(problem: Problem, placements: list[Placement], stages: dict, seconds: float
                ) -> Result:
    """Figures and uncovered needs (with why) of any solver's placements."""
    stats = evaluate(problem, placements)
    counts = defaultdict(int)
    for placement in placements:
        if not placement.trainee:
            counts[(placement.shift, placement.need)] += 1
    gaps = [diagnose(problem, shift, index, need.min - counts[(shift.id, index)])
            for shift in problem.shifts for index, need in enumerate(shift.needs)
            if counts[(shift.id, index)] < need.min]
    stats.update(stages=stages, seconds=round(seconds, 2))
    return Result(placements, gaps, stats)
