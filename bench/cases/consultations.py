"""Benchmark cases of the consultations app, over the data of spp/consultations/scale.py
(``manage.py consultations_scale --answers N``): the proposal list in each sort, a proposal's
page, and saving a complete answer (the write path of a submission; a real submission can
happen once per person, so its sustained rate is measured by ``consultations_bench``)."""

from bench.cases import BenchCase

LOGIN = "citoyen@spp.demo"


def answer_payload(questions) -> dict:
    """A complete, valid answer to the scale consultation's questions."""
    data = {"action": "save"}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == "ranking":
            data.update({f"{name}_{i}": str(i + 1) for i in range(len(question.choices))})
        elif question.kind == "scale":
            data[name] = "4"
        elif question.kind == "free_text":
            data[name] = "Plus de services de proximité dans les petites communes."
        else:
            data[name] = question.choices[0]
    return data


def cases(scale: str) -> list[BenchCase]:
    from spp.consultations.models import Answer, Consultation, Proposal
    from spp.consultations.scale import SLUG

    consultation = Consultation.objects.filter(slug=SLUG).first()
    if consultation is None:
        return []
    proposals = Proposal.objects.filter(consultation=consultation)
    count = proposals.count()
    middle = proposals.order_by("id").values_list("id", flat=True)[count // 2]
    answers = Answer.objects.filter(response__consultation=consultation).count()
    base = f"/consultations/{SLUG}"
    return [
        *[BenchCase(name=f"consultations.proposal_list_{sort}", rows=count,
                    path=f"{base}/propositions/?sort={sort}") for sort in
          ("newest", "supported", "random")],
        BenchCase(name="consultations.proposal_list_page_50", rows=count,
                  path=f"{base}/propositions/?sort=supported&page=50"),
        BenchCase(name="consultations.proposal_search", rows=count,
                  path=f"{base}/propositions/?q=transport+pompier"),
        BenchCase(name="consultations.proposal_page", rows=count,
                  path=f"{base}/propositions/{middle}/"),
        BenchCase(name="consultations.answer_save", rows=answers, method="POST",
                  path=f"{base}/repondre/", login_email=LOGIN, expected_status=302,
                  data=answer_payload(consultation.questions.all())),
    ]
