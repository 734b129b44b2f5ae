"""A service's carpool stops as open data, in the national "lieux de covoiturage" schema
(Table Schema vendored in ``schemas/lieux_covoiturage/``, version 0.3.1), each stop a place of
type « Ligne de covoiturage », so that the national base (BNLC, transport.data.gouv.fr) and
route planners can list them.

The file is a CSV in UTF-8 with commas and a header, every column of the schema present (the
schema asks for empty cells rather than missing columns). What each column holds:

- ``id_local``: the line's code and the stop's id, stable while the stop exists (``id_lieu``
  is given by the national access point, not by producers, since 0.3.0);
- ``com_lieu`` from the communes table by the stop's INSEE code; ``ad_lieu`` is left empty
  (a stop has a name and a position, not a postal address);
- ``date_maj``: the last change of the line or its stops (audit log), else its creation;
- ``ouvert``: whether the line runs (a closed line's stops stay listed as closed);
- ``source``: the SIREN of the authority, the first nine digits of its SIRET;
- ``nbre_pl``: the stop's parking places when some were given (0 is also "not given");
- ``horaires``: the line's hours of operation, every day, in OSM ``opening_hours`` syntax;
- ``lumiere``: whether the stop is lit; ``comm``: the line it belongs to.

Nothing personal is in it: stops are public places."""

import csv
import io
from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.carpool.models import Line, Stop
from spp.core.exports import csv_row
from spp.core.models import AuditLogEntry, Commune

PARIS = ZoneInfo("Europe/Paris")
PLACE_TYPE = "Ligne de covoiturage"
FIELDS = ["id_local", "nom_lieu", "ad_lieu", "com_lieu", "insee", "type", "date_maj", "ouvert",
          "source", "Xlong", "Ylat", "nbre_pl", "nbre_pmr", "duree", "horaires", "proprio",
          "lumiere", "comm"]
LINE_CHANGES = ("carpool.line_created", "carpool.line_updated", "carpool.stops_updated")


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _last_changes(lines: list[Line]) -> dict[str, date]:
    """The date of each line's last recorded change (one query on the audit log)."""
    rows = (AuditLogEntry.objects
            .filter(action__in=LINE_CHANGES, target_type=Line._meta.label_lower,
                    target_id__in=[str(line.pk) for line in lines])
            .values("target_id").annotate(last=Max("created_at")))
    return {row["target_id"]: timezone.localdate(row["last"], PARIS) for row in rows}


def stops_csv_rows(service) -> Iterator[list[str]]:
    """The header, then one row per stop of the service's lines (three queries)."""
    lines = {line.pk: line for line in Line.objects.filter(service=service)}
    stops = list(Stop.objects.filter(line__service=service).order_by("line__name", "line_id",
                                                                       "position"))
    communes = dict(Commune.objects.filter(insee__in={stop.insee_code for stop in stops})
                    .values_list("insee", "name"))
    changed = _last_changes(list(lines.values())) if stops else {}
    siren = service.authority.siret[:9]
    yield FIELDS
    for stop in stops:
        line = lines[stop.line_id]
        updated = changed.get(str(line.pk)) or timezone.localdate(line.created_at, PARIS)
        yield [
            f"{line.code}-{stop.pk}", stop.name, "", communes.get(stop.insee_code, ""),
            stop.insee_code, PLACE_TYPE, updated.isoformat(), _boolean(line.is_active), siren,
            f"{stop.longitude:.6f}", f"{stop.latitude:.6f}",
            str(stop.parking_places) if stop.parking_places else "", "", "",
            f"{line.operates_from:%H:%M}-{line.operates_until:%H:%M}", "",
            _boolean(stop.lighting),
            _("Arrêt de la ligne de covoiturage « %(line)s »") % {"line": line.name},
        ]


def write_stops_csv(rows, out) -> None:
    """Cells a spreadsheet would take for a formula are neutralised (spp.core.exports): a
    stop's name is typed by a coordinator."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(csv_row(row) for row in rows)


def stops_csv(service) -> str:
    out = io.StringIO()
    write_stops_csv(stops_csv_rows(service), out)
    return out.getvalue()
