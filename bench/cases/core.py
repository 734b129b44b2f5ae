"""Benchmark cases of the core and catalog pages (the floor is measured by the harness): the
person's own pages and API lists, the back office's lists and the public catalogue.

Pages are read as the demo accounts, whose histories ``seed_scale`` makes long; ``rows`` is
the volume of the main table each page reads over at that scale."""

from bench.cases import BenchCase
from spp.ops.scales import scale as scale_preset

CITIZEN, ADMIN = "citoyen@spp.demo", "admin@spp.demo"


def cases(scale: str) -> list[BenchCase]:
    preset = scale_preset(scale)
    per_service = preset["users"] * 2 // 6  # each citizen joins 1–3 of the six services
    return [
        BenchCase("core.healthz", "/healthz"),
        # The page frame alone (header, menu, charter banner, footer around a static text):
        # what every other page pays before its own content, anonymous and signed in.
        BenchCase("core.frame_anonymous", "/mentions-legales/"),
        BenchCase("core.frame_signed_in", "/mentions-legales/", login_email=CITIZEN),
        BenchCase("core.home", "/", rows=6),
        BenchCase("catalog.service_detail", "/services/voirie-voiron/", rows=per_service),
        BenchCase("core.my_engagement", "/mon-engagement/", rows=preset["citizen_history"],
                  login_email=CITIZEN),
        BenchCase("core.notifications", "/notifications/", rows=preset["notifications"],
                  login_email=CITIZEN),
        BenchCase("core.back_office", "/gestion/", rows=6, login_email=ADMIN),
        BenchCase("core.audit_log", "/gestion/journal/", rows=preset["audit"], login_email=ADMIN),
        BenchCase("catalog.manage_enrolments", "/gestion/services/voirie-voiron/inscriptions/",
                  rows=per_service, login_email=ADMIN),
        BenchCase("catalog.manage_contributors", "/gestion/services/voirie-voiron/contributeurs/",
                  rows=per_service, login_email=ADMIN),
        BenchCase("catalog.api_services", "/api/v1/catalog/services", rows=6),
        BenchCase("catalog.api_my_enrolments", "/api/v1/catalog/me/enrolments", rows=6,
                  login_email=CITIZEN),
        # The write path (session, CSRF, select_for_update, audit) of an idempotent re-enrolment.
        BenchCase("catalog.api_enrol", "/api/v1/catalog/services/livre-blanc-spp/enrolments",
                  rows=per_service, method="POST", login_email=CITIZEN, expected_status=201,
                  data={"charter_version": 1, "accept_charter": True}),
        BenchCase("catalog.api_my_participations", "/api/v1/catalog/me/participations",
                  rows=preset["citizen_history"], login_email=CITIZEN),
    ]
