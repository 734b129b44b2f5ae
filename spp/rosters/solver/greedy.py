"""A greedy baseline for auto-rostering, to measure what CP-SAT gains: shifts in time order,
scarcest needs first, each place to the least-loaded eligible person who is still free."""

import time
from collections import defaultdict
from datetime import timedelta

from spp.rosters.solver.cp_sat import result_from
from spp.rosters.solver.types import (
    Placement,
    Problem,
    Result,
    conflicts,
    free_for,
    role_on,
    week_of,
)


def solve_greedy(problem: Problem) -> Result:
    began = time.monotonic()
    rest = timedelta(hours=problem.rules.min_rest_hours)
    cap = problem.rules.max_hours_per_week * 60
    taken = defaultdict(list)  # person -> shifts
    minutes = defaultdict(int)  # (person, week) -> minutes
    placements = []
    for shift in sorted(problem.shifts, key=lambda s: s.start):
        day = shift.start.date()
        candidates = {index: [p for p in problem.people
                              if role_on(p, need, day) == "qualified"
                              and free_for(p, shift, rest)]
                      for index, need in enumerate(shift.needs)}
        on_shift = set()
        for index in sorted(candidates, key=lambda i: len(candidates[i])):
            need = shift.needs[index]
            pool = [p for p in candidates[index] if p.id not in on_shift
                    and minutes[(p.id, week_of(shift))] + shift.minutes <= cap
                    and not any(conflicts(shift, other, rest) for other in taken[p.id])]
            pool.sort(key=lambda p: (len(taken[p.id]), p.id))
            for person in pool[:need.min]:
                placements.append(Placement(person.id, shift.id, index))
                taken[person.id].append(shift)
                minutes[(person.id, week_of(shift))] += shift.minutes
                on_shift.add(person.id)
    return result_from(problem, placements, {}, time.monotonic() - began)
