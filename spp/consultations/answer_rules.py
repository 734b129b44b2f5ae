"""Checking one answer against its question's kind, and telling when it is empty.

``clean_answer`` turns the raw input (a string, a list of labels, or a {label: rank} dict for
ranking) into the Answer's columns, or raises a ValidationError with a French message. It is
the one place that knows the rules of each kind, so forms, the API and the demo agree."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spp.consultations.models import Question

Kind = Question.Kind
MAX_TEXT = 10_000


def _as_list(raw) -> list[str]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list | tuple):  # one value (from a form, or any JSON value)
        return [str(raw)]
    return [str(item) for item in raw if str(item) != ""]


def _ranking(question: Question, raw) -> list[str]:
    """A ranking arrives as {label: rank} (the form) or as an ordered list (the API)."""
    if isinstance(raw, dict):
        ranked = {label: rank for label, rank in raw.items() if rank not in (None, "")}
        if not ranked:
            return []
        try:
            ranks = {label: int(rank) for label, rank in ranked.items()}
        except (TypeError, ValueError):
            raise ValidationError(_("Chaque rang doit être un nombre.")) from None
        if sorted(ranks.values()) != list(range(1, len(question.choices) + 1)):
            raise ValidationError(_("Classez chaque proposition une seule fois, de 1 à %(n)s.")
                                  % {"n": len(question.choices)})
        ordered = sorted(ranks, key=ranks.get)
    else:
        ordered = _as_list(raw)
        if not ordered:
            return []
    if sorted(ordered) != sorted(question.choices):
        raise ValidationError(_("Classez toutes les propositions, chacune une seule fois."))
    return ordered


def clean_answer(question: Question, raw) -> dict | None:
    """The Answer columns for ``raw``, or None when nothing was answered."""
    kind = question.kind
    if kind == Kind.FREE_TEXT:
        if not isinstance(raw, str | None):
            raise ValidationError(_("Écrivez votre réponse sous forme de texte."))
        text = (raw or "").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Votre réponse dépasse %(n)s caractères.") % {"n": MAX_TEXT})
        return {"text": text} if text else None
    if kind == Kind.SINGLE:
        values = _as_list(raw)
        if not values:
            return None
        if len(values) > 1 or values[0] not in question.choices:
            raise ValidationError(_("Choisissez une des réponses proposées."))
        return {"choice": values[0]}
    if kind == Kind.MULTIPLE:
        values = _as_list(raw)
        if not values:
            return None
        if any(value not in question.choices for value in values):
            raise ValidationError(_("Choisissez parmi les réponses proposées."))
        return {"choices": [choice for choice in question.choices if choice in values]}
    if kind == Kind.SCALE:
        if raw in (None, ""):
            return None
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(_("Choisissez une valeur de l’échelle.")) from None
        if not question.scale_min <= number <= question.scale_max:
            raise ValidationError(_("Choisissez une valeur entre %(a)s et %(b)s.")
                                  % {"a": question.scale_min, "b": question.scale_max})
        return {"number": number}
    if kind == Kind.RANKING:
        ordered = _ranking(question, raw)
        return {"choices": ordered} if ordered else None
    raise ValidationError(_("Type de question inconnu."))


def missing_required(questions, answered_ids: set[int]) -> dict[str, str]:
    """{"q<id>": message} for each required question left unanswered."""
    return {f"q{question.pk}": _("Cette question demande une réponse.")
            for question in questions if question.required and question.pk not in answered_ids}


def answer_initial(question: Question, answer) -> object:
    """The value to show again in the form for a saved answer (resuming a draft)."""
    if answer is None:
        return None
    if question.kind == Kind.FREE_TEXT:
        return answer.text
    if question.kind == Kind.SINGLE:
        return answer.choice
    if question.kind == Kind.SCALE:
        return answer.number
    if question.kind == Kind.RANKING:
        return {label: index + 1 for index, label in enumerate(answer.choices)}
    return answer.choices
