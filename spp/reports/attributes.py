"""A category's extra questions, defined as Open311 service-definition attributes: each is a
dict with ``code``, ``datatype`` (string, number, datetime, text, singlevaluelist,
multivaluelist), ``required``, ``description``, ``order``, ``variable`` and, for lists,
``values`` [{"key", "name"}]. Web form and Open311 both validate through ``clean_values``."""

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def definitions(category) -> list[dict]:
    return sorted(category.attributes or [], key=lambda a: a.get("order", 0))


def clean_values(category, raw: dict) -> dict:
    """Validated answers keyed by attribute code; ValidationError naming each bad attribute."""
    errors, clean = [], {}
    for attribute in definitions(category):
        if not attribute.get("variable", True):
            continue
        code, kind = attribute["code"], attribute.get("datatype", "string")
        value = raw.get(code)
        if isinstance(value, list) and kind != "multivaluelist":
            value = value[0] if value else None
        if value in (None, "", []):
            if attribute.get("required"):
                errors.append(_("« %(name)s » est obligatoire (attribut %(code)s).") % {
                    "name": attribute.get("description", code), "code": code})
            continue
        keys = {str(v["key"]) for v in attribute.get("values", [])}
        if kind == "number":
            try:
                clean[code] = float(value)
            except (TypeError, ValueError):
                errors.append(_("L’attribut %(code)s attend un nombre.") % {"code": code})
        elif kind == "datetime":
            if parse_datetime(str(value)) is None:
                errors.append(_("L’attribut %(code)s attend une date ISO 8601.") % {"code": code})
            else:
                clean[code] = str(value)
        elif kind == "singlevaluelist":
            if str(value) not in keys:
                errors.append(_("Valeur inconnue pour l’attribut %(code)s.") % {"code": code})
            else:
                clean[code] = str(value)
        elif kind == "multivaluelist":
            values = [str(v) for v in (value if isinstance(value, list) else [value])]
            if not set(values) <= keys:
                errors.append(_("Valeur inconnue pour l’attribut %(code)s.") % {"code": code})
            else:
                clean[code] = values
        else:
            clean[code] = str(value)[:500]
    if errors:
        raise ValidationError(errors)
    return clean
