"""Reads for the attestations: a person's own list, the authorities they can ask one from, and
the lookup by code behind the public verification page."""

import re
from decimal import Decimal

from django.db.models import QuerySet

from spp.catalog.models import Participation
from spp.core.formatting import choice_labels, quantity_label
from spp.core.models import Organisation
from spp.impact.models import Attestation

CODE_LENGTH, CODE_GROUP = 12, 4
_NOT_CODE = re.compile(r"[\s\-‐‑‒–—_.]+")


def attestation_list_for_user(user) -> QuerySet:
    """The person's attestations, newest first (index: attestation_user_idx)."""
    return (Attestation.objects.filter(user=user).select_related("authority")
            .order_by("-issued_at", "-id"))


def attestation_authorities_for_user(user) -> QuerySet:
    """The authorities whose services hold at least one of the person's ledger rows: those
    an attestation can be asked from (index: participation_user_order_idx)."""
    return (Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY,
                                        services__participations__user=user)
            .distinct().order_by("name"))


def attestation_code_normalise(text: str) -> str:
    """What a person typed, as the code is stored: capitals, no spaces, the dashes put back
    every four characters ("k7qm 3xpa9tzd" → "K7QM-3XPA-9TZD"). Anything of another length is
    returned bare, and will match nothing."""
    bare = _NOT_CODE.sub("", text or "").upper()
    if len(bare) != CODE_LENGTH:
        return bare
    return "-".join(bare[i:i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def attestation_by_code(text: str) -> Attestation | None:
    """The attestation bearing this code, however it was typed; None if none does."""
    code = attestation_code_normalise(text)
    if not code:
        return None
    return Attestation.objects.select_related("authority").filter(code=code).first()


def attestation_lines_display(attestation: Attestation) -> list[dict]:
    """The attestation's lines as a page shows them: labels in the active language when the
    line keeps its codes, the quantity formatted (a count shows the number alone)."""
    kinds, units = choice_labels(Participation.Kind), choice_labels(Participation.Unit)
    rows = []
    for line in attestation.lines:
        unit_code = line.get("unit_code", "")
        unit = units.get(unit_code, line.get("unit", ""))
        number = quantity_label(Decimal(line["quantity"]))
        rows.append({
            "service": line["service"],
            "kind": kinds.get(line.get("kind_code", ""), line.get("kind", "")),
            "quantity": number if unit_code == Participation.Unit.COUNT else f"{number} {unit}",
            "acts": line.get("acts", 0),
        })
    return rows
