"""The answer page's fields: reading the posted values per question kind, and preparing what
the template shows (the saved or just-typed value, the options, the error).

The questionnaire is rendered by hand rather than with a Django Form because a ranking is one
answer made of several inputs; keeping every kind here keeps the page's markup uniform
(a fieldset with a legend for each choice question) and nothing typed is ever dropped."""

from spp.consultations.answer_rules import answer_initial
from spp.consultations.models import Question

Kind = Question.Kind


def posted_values(questions, data) -> dict:
    """{question id: raw input} from a POST QueryDict."""
    values = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == Kind.MULTIPLE:
            values[question.pk] = data.getlist(name)
        elif question.kind == Kind.RANKING:
            values[question.pk] = {choice: data.get(f"{name}_{index}", "")
                                   for index, choice in enumerate(question.choices)}
        else:
            values[question.pk] = data.get(name, "")
    return values


def _options(question: Question, value) -> list[dict]:
    name = f"q{question.pk}"
    if question.kind == Kind.SCALE:
        labels = [str(n) for n in range(question.scale_min, question.scale_max + 1)]
    else:
        labels = list(question.choices)
    options = []
    for index, label in enumerate(labels):
        option = {"id": f"{name}_{index}", "value": label, "label": label}
        if question.kind == Kind.MULTIPLE:
            option["checked"] = label in (value or [])
        elif question.kind == Kind.RANKING:
            option["rank"] = str((value or {}).get(label, "") or "")
        else:
            option["checked"] = value not in (None, "") and str(value) == label
        options.append(option)
    return options


def build_fields(sections_with_questions, *, values: dict | None = None, answers: dict,
                 errors: dict) -> list[dict]:
    """[{"section", "questions": [{"question", "name", "value", "options", "errors",
    "ranks"}]}]. ``values`` (just posted) win over ``answers`` (saved in the draft)."""
    groups = []
    for section, questions in sections_with_questions:
        items = []
        for question in questions:
            if values is not None and question.pk in values:
                value = values[question.pk]
            else:
                value = answer_initial(question, answers.get(question.pk))
            items.append({
                "question": question,
                "name": f"q{question.pk}",
                "value": "" if value is None else value,
                "options": _options(question, value) if question.kind != Kind.FREE_TEXT else [],
                "errors": errors.get(f"q{question.pk}", []),
                "ranks": [str(n) for n in range(1, len(question.choices) + 1)],
            })
        groups.append({"section": section, "questions": items})
    return groups
