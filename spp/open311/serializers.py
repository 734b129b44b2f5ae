"""Turning categories and reports into Open311 GeoReport v2 dicts (field names of the spec)."""

from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from spp.reports.models import OPEN_STATUSES, Report

DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def iso(dt, tz=None) -> str | None:
    """ISO 8601 with the offset, in the platform's time zone (e.g. 2026-11-27T09:41:00+01:00).
    Pass ``tz`` when formatting many dates: looking the zone up each time costs more."""
    if not dt:
        return None
    return dt.astimezone(tz or timezone.get_current_timezone()).isoformat(timespec="seconds")


def service_item(category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group or category.service.name,
    }


def service_definition(category) -> dict:
    attributes = []
    for index, attribute in enumerate(sorted(category.attributes or [],
                                             key=lambda a: a.get("order", 0))):
        item = {
            "variable": bool(attribute.get("variable", True)),
            "code": attribute["code"],
            "datatype": attribute.get("datatype", "string"),
            "required": bool(attribute.get("required", False)),
            "datatype_description": attribute.get("datatype_description", ""),
            "order": attribute.get("order", index + 1),
            "description": attribute.get("description", attribute["code"]),
        }
        if item["datatype"] in {"singlevaluelist", "multivaluelist"}:
            item["values"] = [{"key": v["key"], "name": v["name"]}
                              for v in attribute.get("values", [])]
        attributes.append(item)
    return {"service_code": category.code, "attributes": attributes}


def status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Report.Status.choices}


def request_item(row: dict, *, media_base: str, labels: dict, tz) -> dict:
    """One service request, from a row of open311.selectors.REQUEST_COLUMNS."""
    expected = None
    if row["target_date"] and row["status"] in OPEN_STATUSES:
        expected = iso(datetime.combine(row["target_date"], time.min, tzinfo=tz), tz)
    note = row["status_note"]
    if not note and row["duplicate_of__reference"]:
        note = _("Doublon de %(ref)s") % {"ref": row["duplicate_of__reference"]}
    return {
        "service_request_id": row["reference"],
        "status": "open" if row["status"] in OPEN_STATUSES else "closed",
        "status_notes": note or labels[row["status"]],
        "service_name": row["category__name"],
        "service_code": row["category__code"],
        "description": row["description"],
        "agency_responsible": row["category__organisation__name"],
        "service_notice": "",
        "requested_datetime": iso(row["created_at"], tz),
        "updated_datetime": iso(row["updated_at"], tz),
        "expected_datetime": expected,
        "address": row["address"],
        "address_id": "",
        "zipcode": "",
        "lat": row["latitude"],
        "long": row["longitude"],
        "media_url": f"{media_base}{row['photo']}" if row["photo"] else "",
    }
