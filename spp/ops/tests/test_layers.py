"""The apps' layers point one way: core ← catalog ← pattern apps ← interfaces (open311) and
operations (ops). A module may import its own app and the layers below it, never one above
nor a sibling pattern app: so core can be read and changed without the rest, and no import
cycle can form between apps. Tests are not held to it: a core test may build a service with
the catalog's factories to see a page as a person would."""

import ast
import re
from pathlib import Path

import pytest

SPP = Path(__file__).resolve().parents[2]
LAYER = {"core": 0, "catalog": 1, "rosters": 2, "reports": 2, "consultations": 2,
         "open311": 3, "ops": 4}
# What still points the wrong way, to be moved (issue #13, item 5): the participation ledger
# lives in core but belongs with the catalog's services (its foreign key to catalog.Service,
# ``participation_record``'s manager check), and "Mon engagement" and the personal-data export
# show enrolments. This list may only shrink: a new entry fails the test.
NOT_YET_MOVED = {
    "spp/core/models.py imports spp.catalog",
    "spp/core/personal_data.py imports spp.catalog",
    "spp/core/services.py imports spp.catalog",
    "spp/core/views.py imports spp.catalog",
}
MODEL_LABEL = re.compile(r"(?:" + "|".join(LAYER) + r")\.[A-Z]\w+")


def _imported_apps(path: Path) -> set[str]:
    """The spp apps a module imports, at its top or inside a function, or names a model of
    (a relation written "catalog.Service" is a dependency too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and MODEL_LABEL.fullmatch(node.value)):
            names.add("spp." + node.value.split(".")[0])
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names
            if name.startswith("spp.") and name.count(".") >= 1}


def _modules(app: str):
    for path in sorted((SPP / app).rglob("*.py")):
        parts = path.relative_to(SPP / app).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


@pytest.mark.parametrize("app", sorted(LAYER))
def test_an_app_imports_only_itself_and_the_layers_below(app):
    wrong = [f"{path.relative_to(SPP.parent)} imports spp.{other}"
             for path in _modules(app)
             for other in sorted(_imported_apps(path) - {app})
             if LAYER.get(other, 99) >= LAYER[app]]
    assert not set(wrong) - NOT_YET_MOVED, "\n".join(sorted(set(wrong) - NOT_YET_MOVED))


def test_the_list_of_what_is_not_yet_moved_holds_only_what_is_still_true():
    wrong = {f"{path.relative_to(SPP.parent)} imports spp.{other}"
             for app in LAYER for path in _modules(app)
             for other in _imported_apps(path) - {app} if LAYER.get(other, 99) >= LAYER[app]}
    assert NOT_YET_MOVED <= wrong, sorted(NOT_YET_MOVED - wrong)
