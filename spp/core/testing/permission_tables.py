"""Read the role × action tables of docs/permissions.md, so a test can check every cell."""

from pathlib import Path

from django.conf import settings

DOC = Path(settings.BASE_DIR) / "docs" / "permissions.md"


def permission_table(marker: str) -> dict[str, dict[str, bool]]:
    """{action: {role column: allowed}} for the table after ``<!-- abilities: marker``."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"<!-- abilities: {marker}"))
    header = [cell.strip() for cell in lines[start + 1].strip("|").split("|")]
    table = {}
    for line in lines[start + 3 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        table[cells[0]] = {
            role: cell == "✓" for role, cell in zip(header[1:], cells[1:], strict=True)
        }
    return table


def assert_table_matches(marker: str, people: dict, abilities_of) -> None:
    """Fail unless every cell of the table ``marker`` is what the code answers, and the table
    names exactly the code's abilities. ``people``: {role column: person};
    ``abilities_of(person)``: the code's {action: allowed} for that person."""
    table = permission_table(marker)
    mismatches = []
    for action, row in table.items():
        for role, allowed in row.items():
            actual = abilities_of(people[role])[action]
            if actual != allowed:
                mismatches.append(f"{action} × {role}: doc says {allowed}, code says {actual}")
    assert not mismatches, "\n".join(mismatches)
    coded = set(abilities_of(next(iter(people.values()))))
    assert set(table) == coded, (
        f"every ability is documented, and only those: the doc lacks {sorted(coded - set(table))}"
        f", the code lacks {sorted(set(table) - coded)}"
    )
