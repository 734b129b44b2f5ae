"""The consultations app's part of ``manage.py seed_demo``: the consultations built through the
services (``consultations``), the mass of answers inserted in bulk (``bulk``) and the words of
both (``content``)."""

from spp.consultations.demo.consultations import CRECHE_EVALUATION_SLUG, WHITE_PAPER_SLUG, seed

__all__ = ["CRECHE_EVALUATION_SLUG", "WHITE_PAPER_SLUG", "seed"]
