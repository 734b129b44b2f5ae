"""Benchmark cases of the consultations app, over the data of spp/consultations/scale.py
(``manage.py consultations_scale --answers N``): the consultation's page, the proposal list in
each sort, a proposal's page, the results (read by a manager while the consultation is open),
the API's lists of consultations and proposals, and saving a complete answer (the write path
of a submission; a real submission can happen once per person, so its sustained rate is
measured by ``consultations_bench``)."""

from bench.cases import BenchCase

LOGIN = "citoyen@spp.demo"
MANAGER = "agent@spp.demo"  # an agent of the scale consultation's authority (seed_demo)


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


def _scale_rows(scale: str) -> int:
    """Answers generated at ``scale`` (spp/ops/scales.py), without touching the database."""
    try:
        from spp.ops.scales import app_count

        return app_count(scale, "consultations")
    except (ImportError, ValueError):
        return 0


def _id_cases(base: str, proposals: int, answers: int) -> list[BenchCase]:
    """The cases whose URL or payload needs identifiers from the database; none when the
    database is not reachable yet or not seeded (the list cases above still run)."""
    try:
        from spp.consultations.models import Consultation, Proposal
        from spp.consultations.scale import SLUG

        consultation = Consultation.objects.filter(slug=SLUG).first()
        if consultation is None:
            return []
        ids = Proposal.objects.filter(consultation=consultation).order_by("id")
        middle = ids.values_list("id", flat=True)[ids.count() // 2]
        questions = list(consultation.questions.all())
    except Exception:  # Django not set up, database absent: measure what needs no identifier
        return []
    return [
        BenchCase(name="consultations.proposal_page", rows=proposals,
                  path=f"{base}/propositions/{middle}/"),
        BenchCase(name="consultations.answer_save", rows=answers, method="POST",
                  path=f"{base}/repondre/", login_email=LOGIN, expected_status=302,
                  data=answer_payload(questions)),
    ]


def cases(scale: str) -> list[BenchCase]:
    answers = _scale_rows(scale)
    proposals = answers // 10
    base = "/consultations/grand-debat-echelle"
    api = "/api/v1/consultations"
    return [
        BenchCase(name="consultations.detail", rows=answers, path=f"{base}/"),
        *[BenchCase(name=f"consultations.proposal_list_{sort}", rows=proposals,
                    path=f"{base}/propositions/?sort={sort}") for sort in
          ("newest", "supported", "random")],
        BenchCase(name="consultations.proposal_list_page_50", rows=proposals,
                  path=f"{base}/propositions/?sort=supported&page=50"),
        BenchCase(name="consultations.proposal_search", rows=proposals,
                  path=f"{base}/propositions/?q=transport+pompier"),
        BenchCase(name="consultations.proposal_search_random", rows=proposals,
                  path=f"{base}/propositions/?q=transport&sort=random"),
        BenchCase(name="consultations.results", rows=answers, path=f"{base}/resultats/",
                  login_email=MANAGER),
        BenchCase(name="consultations.api_list", rows=1, path=f"{api}/"),
        BenchCase(name="consultations.api_proposals_supported", rows=proposals,
                  path=f"{api}/grand-debat-echelle/proposals?sort=supported"),
        *_id_cases(base, proposals, answers),
    ]
