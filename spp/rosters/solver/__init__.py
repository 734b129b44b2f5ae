"""Auto-rostering: the plain data the solvers share (``types``), CP-SAT (``cp_sat``), the
greedy baseline (``greedy``), and the problem read from the database (``input``, imported by
its own path so that the solvers stay importable without Django, as bench/rosters_solver.py
does)."""

from spp.rosters.solver.cp_sat import solve
from spp.rosters.solver.greedy import solve_greedy

__all__ = ["solve", "solve_greedy"]
