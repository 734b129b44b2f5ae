"""A category's extra questions, defined as Open311 service-definition attributes: each is a
dict with ``code``, ``datatype`` (string, number, datetime, text, singlevaluelist,
multivaluelist), ``required``, ``description``, ``order``, ``variable`` and, for lists,
``values`` [{"key", "name"}], and for numbers an optional ``unit`` ("cm") shown after the
answer. Web form and Open311 both validate through ``clean_values``; pages show answers
through ``display``."""

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


def display(category, values: dict) -> list[tuple[str, str]]:
    """The answers as a person reads them: (question, answer) pairs in the category's order,
    each question by its description and each choice by its name, never by their codes
    (``profondeur : 5-10`` reads "Profondeur estimée : De 5 à 10 cm"). Numbers are written
    the French way (``1``, not ``1.0``; ``2,5``), followed by the attribute's ``unit`` when it
    has one; dates by the locale's format. An answer to a question the category no longer
    asks keeps its code, the only name left."""
    from django.utils import formats
    from django.utils.dateparse import parse_datetime

    values = values or {}
    known = {attribute["code"]: attribute for attribute in definitions(category)
             if isinstance(attribute, dict) and attribute.get("code")}
    order = [code for code in known if code in values] + [
        code for code in values if code not in known]
    pairs = []
    for code in order:
        attribute, value = known.get(code, {}), values[code]
        kind = attribute.get("datatype", "string")
        names = {str(v.get("key")): v.get("name") or str(v.get("key"))
                 for v in attribute.get("values", []) if isinstance(v, dict)}
        if kind in ("singlevaluelist", "multivaluelist"):
            items = value if isinstance(value, list) else [value]
            text = ", ".join(names.get(str(item), str(item)) for item in items)
        elif kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
            number = int(value) if float(value).is_integer() else value
            text = formats.number_format(number, use_l10n=True)
            if attribute.get("unit"):
                text = f"{text}\u00a0{attribute['unit']}"
        elif kind == "datetime" and parse_datetime(str(value)) is not None:
            text = formats.date_format(parse_datetime(str(value)), "SHORT_DATETIME_FORMAT")
        else:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        pairs.append((attribute.get("description") or code, text))
    return pairs
