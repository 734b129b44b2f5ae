"""Turning categories and reports into Open311 GeoReport v2 dicts (field names of the spec)."""

from datetime import datetime, time

from django.utils.translation import gettext as _

from spp.reports.models import OPEN_STATUSES, Report

DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


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


def request_items(rows: list[dict], *, media_base: str, labels: dict, tz) -> list[dict]:
    """The service requests, from rows of open311.selectors.request_list. Up to 1000 of them
    per answer: each date is formatted by one call to the standard library, and the expected
    datetime (the target date's local midnight) once per distinct date of the answer."""
    expected_by_date = {}
    items = []
    for row in rows:
        status, target = row["status"], row["target_date"]
        is_open = status in OPEN_STATUSES
        expected = None
        if target and is_open:
            expected = expected_by_date.get(target)
            if expected is None:
                expected = expected_by_date[target] = datetime.combine(
                    target, time.min, tzinfo=tz).isoformat(timespec="seconds")
        note = row["status_note"]
        if not note and row["duplicate_of__reference"]:
            note = _("Doublon de %(ref)s") % {"ref": row["duplicate_of__reference"]}
        items.append({
            "service_request_id": row["reference"],
            "status": "open" if is_open else "closed",
            "status_notes": note or labels[status],
            "service_name": row["category__name"],
            "service_code": row["category__code"],
            "description": row["description"],
            "agency_responsible": row["category__organisation__name"],
            "service_notice": "",
            "requested_datetime": row["created_at"].astimezone(tz).isoformat(timespec="seconds"),
            "updated_datetime": row["updated_at"].astimezone(tz).isoformat(timespec="seconds"),
            "expected_datetime": expected,
            "address": row["address"],
            "address_id": "",
            "zipcode": "",
            "lat": row["latitude"],
            "long": row["longitude"],
            "media_url": f"{media_base}{row['photo']}" if row["photo"] else "",
        })
    return items
