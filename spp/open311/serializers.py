"""Turning categories and reports into Open311 GeoReport v2 dicts (field names of the spec)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.reports.models import OPEN_STATUSES, ReportEvent

DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def iso(dt) -> str | None:
    """ISO 8601 with the offset, in the platform's time zone (e.g. 2026-11-27T09:41:00+01:00)."""
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


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


def status_notes_for(reports) -> dict[int, str]:
    """The last public status note of each report, in one query."""
    notes = {}
    rows = (ReportEvent.objects.filter(report__in=[r.pk for r in reports],
                                       kind=ReportEvent.Kind.STATUS, public=True)
            .exclude(body="").order_by("created_at", "id").values_list("report_id", "body"))
    for report_id, body in rows:
        notes[report_id] = body
    return notes


def request_item(report, *, notes: dict, media: dict) -> dict:
    expected = None
    if report.target_date and report.status in OPEN_STATUSES:
        expected = iso(timezone.make_aware(
            timezone.datetime.combine(report.target_date, timezone.datetime.min.time())))
    return {
        "service_request_id": report.reference,
        "status": "open" if report.status in OPEN_STATUSES else "closed",
        "status_notes": notes.get(report.pk) or (
            _("Doublon de %(ref)s") % {"ref": report.duplicate_of.reference}
            if report.duplicate_of_id and report.duplicate_of else report.get_status_display()),
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.category.organisation.name,
        "service_notice": "",
        "requested_datetime": iso(report.created_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": expected,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.latitude,
        "long": report.longitude,
        "media_url": media.get(report.pk, ""),
    }


def media_urls_for(reports) -> dict[int, str]:
    from spp.reports.models import Photo

    base = settings.SITE_URL
    urls = {}
    for report_id, name in (Photo.objects.filter(report__in=[r.pk for r in reports])
                            .order_by("id").values_list("report_id", "image")):
        urls.setdefault(report_id, f"{base}{settings.MEDIA_URL}{name}")
    return urls
