"""Plain data the roster solvers work on (no database), the eligibility rules they share,
and ``evaluate`` which scores any assignment the same way for CP-SAT and the greedy baseline."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from spp.rosters.intervals import covers


@dataclass(frozen=True)
class Need:
    """``min``..``max`` people holding ``code`` ('' = anyone enrolled)."""

    code: str
    min: int
    max: int


@dataclass(frozen=True)
class ShiftSpec:
    id: int
    start: datetime
    end: datetime
    needs: tuple[Need, ...]
    night: bool = False
    weekend: bool = False

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class Qual:
    """A held qualification (``includes`` already expanded), valid from..until inclusive."""

    code: str
    valid_from: date
    valid_until: date | None = None
    in_training: bool = False

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Person:
    id: int
    qualifications: tuple[Qual, ...] = ()
    availability: tuple[tuple[datetime, datetime], ...] = ()
    busy: tuple[tuple[datetime, datetime], ...] = ()
    household: int | None = None
    preferred: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Rules:
    min_rest_hours: float = 11
    max_hours_per_week: float = 48
    time_limit: float = 20.0
    workers: int = 2
    # Seconds for each stage on its own; None shares ``time_limit`` between the stages.
    stage_limit: float | None = None


@dataclass
class Problem:
    shifts: list[ShiftSpec]
    people: list[Person]
    rules: Rules = field(default_factory=Rules)
    household_quota: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    person: int
    shift: int
    need: int  # index in the shift's needs
    trainee: bool = False


@dataclass(frozen=True)
class Gap:
    shift: int
    need: int
    code: str
    missing: int
    reason: str  # in French, for logs and tests; the pages word ``cause`` in their language
    cause: str = ""  # "unqualified", "unavailable", "too_few" or "taken"
    qualified: int = 0  # the people holding the qualification that day
    available: int = 0  # those of them free for the whole shift
    places: int = 0  # the need's minimum


@dataclass
class Result:
    placements: list[Placement]
    gaps: list[Gap]
    stats: dict


def role_on(person: Person, need: Need, day: date) -> str | None:
    """'qualified', 'trainee' or None: may ``person`` fill ``need`` on ``day``?"""
    if not need.code:
        return "qualified"
    held = [q for q in person.qualifications if q.code == need.code and q.valid_on(day)]
    if any(not q.in_training for q in held):
        return "qualified"
    return "trainee" if held else None


def free_for(person: Person, shift: ShiftSpec, rest: timedelta) -> bool:
    """Available for the whole shift and clear of already-committed shifts (with rest)."""
    if not covers(person.availability, shift.start, shift.end):
        return False
    return all(shift.end + rest <= s or e + rest <= shift.start for s, e in person.busy)


def conflicts(a: ShiftSpec, b: ShiftSpec, rest: timedelta) -> bool:
    """Two shifts one person cannot both take: they overlap or leave less than ``rest``."""
    return a.start < b.end + rest and b.start < a.end + rest


def week_of(shift: ShiftSpec) -> tuple[int, int]:
    return shift.start.isocalendar()[:2]


def diagnose(problem: Problem, shift: ShiftSpec, index: int, missing: int) -> Gap:
    """Why a need stayed uncovered, in words a coordinator can act on."""
    need, day = shift.needs[index], shift.start.date()
    rest = timedelta(hours=problem.rules.min_rest_hours)
    qualified = [p for p in problem.people if role_on(p, need, day) == "qualified"]
    available = [p for p in qualified if free_for(p, shift, rest)]
    if not qualified:
        cause, reason = "unqualified", ("Aucun bénévole inscrit n’a cette qualification valide "
                                        "ce jour-là.")
    elif not available:
        cause, reason = "unavailable", (f"{len(qualified)} bénévole(s) qualifié(s), aucun "
                                        f"disponible sur ce créneau.")
    elif len(available) < need.min:
        cause, reason = "too_few", (f"Seulement {len(available)} bénévole(s) qualifié(s) "
                                    f"disponible(s) pour {need.min} place(s).")
    else:
        cause, reason = "taken", ("Les bénévoles qualifiés disponibles sont déjà pris (autre "
                                  "garde, repos minimal ou plafond d’heures hebdomadaires).")
    return Gap(shift.id, index, need.code, missing, reason, cause, len(qualified),
               len(available), need.min)


def evaluate(problem: Problem, placements: list[Placement]) -> dict:
    """Coverage, fairness and preference figures of an assignment (any solver)."""
    by_shift = {s.id: s for s in problem.shifts}
    qualified_count: dict[tuple[int, int], int] = defaultdict(int)
    load: dict[int, int] = defaultdict(int)
    night_weekend: dict[int, int] = defaultdict(int)
    preferred = 0
    people = {p.id: p for p in problem.people}
    household_done: dict[int, int] = defaultdict(int)
    for placement in placements:
        shift = by_shift[placement.shift]
        if not placement.trainee:
            qualified_count[(placement.shift, placement.need)] += 1
        load[placement.person] += 1
        night_weekend[placement.person] += int(shift.night or shift.weekend)
        preferred += int(placement.shift in people[placement.person].preferred)
        if people[placement.person].household is not None:
            household_done[people[placement.person].household] += 1
    required = sum(n.min for s in problem.shifts for n in s.needs)
    covered = sum(min(qualified_count[(s.id, i)], n.min)
                  for s in problem.shifts for i, n in enumerate(s.needs))
    rest = timedelta(hours=problem.rules.min_rest_hours)
    able = [p for p in problem.people
            if any(free_for(p, s, rest) and any(role_on(p, n, s.start.date()) for n in s.needs)
                   for s in problem.shifts)]
    loads = [load[p.id] for p in able]
    return {
        "required": required,
        "covered": covered,
        "coverage": covered / required if required else 1.0,
        "assignments": len(placements),
        "max_load": max(loads, default=0),
        "load_spread": (max(loads) - min(loads)) if loads else 0,
        "max_night_weekend": max(night_weekend.values(), default=0),
        "household_shortfall": sum(max(0, q - household_done[h])
                                   for h, q in problem.household_quota.items()),
        "preferred": preferred,
    }
