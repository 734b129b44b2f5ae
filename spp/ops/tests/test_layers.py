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
# Carpool sits above expenses: a journey's cost sharing reads the expenses app's dated
# mileage scale (one set of legal tables for the whole platform). Impact reads every pattern
# app's tables (its figures); ops wires the demo of all of them.
LAYER = {"core": 0, "catalog": 1, "rosters": 2, "reports": 2, "consultations": 2, "expenses": 2,
         "peers": 2,
         "carpool": 3, "open311": 3, "impact": 4, "ops": 5}
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
    assert not wrong, "\n".join(wrong)


def test_every_way_of_naming_another_app_is_seen(tmp_path):
    """The check above passes on an empty answer too, so the reading of a module is proved here:
    each line below names one app, the way core once named the catalog."""
    module = tmp_path / "module.py"
    module.write_text(
        "import spp.rosters.models\n"
        "from spp.catalog import selectors\n"
        "from spp.core.models import User\n"
        "def later():\n"
        "    from spp.reports.services import report_file\n"
        "SERVICE = models.ForeignKey('consultations.Consultation', on_delete=models.PROTECT)\n"
        "from . import sibling\n"
        "import django.db\n"
        "TEXT = 'catalog.service is lower case, and this is a sentence about catalog.Service'\n",
        encoding="utf-8")
    assert _imported_apps(module) == {"rosters", "catalog", "core", "reports", "consultations"}


URL_NAME = re.compile(r"""\{%\s*url\s+['"](\w+):""")


def _url_namespaces(path: Path) -> set[str]:
    """The apps whose URLs a template names with ``{% url 'app:name' %}``."""
    return set(URL_NAME.findall(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("app", sorted(LAYER))
def test_an_apps_templates_link_only_to_itself_and_the_layers_below(app):
    """Templates are part of an app too: core's base page and components render under every
    app's pages, so a link they name to a higher app (core's charter banner once named the
    catalog's charter page) is the same upward dependency as an import. Such links are handed
    to the template ready-made by the higher app (its context processor)."""
    wrong = [f"{path.relative_to(SPP.parent)} links to {other}:"
             for path in sorted((SPP / app).rglob("templates/**/*.html"))
             for other in sorted(_url_namespaces(path) - {app})
             if other in LAYER and LAYER[other] >= LAYER[app]]
    assert not wrong, "\n".join(wrong)


def test_a_templates_url_names_are_read(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("""<a href="{% url 'catalog:charter' slug %}">{% url "core:home" %}"""
                        """{% url 'set_language' %}""", encoding="utf-8")
    assert _url_namespaces(template) == {"catalog", "core"}
